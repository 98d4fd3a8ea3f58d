package dev.ticktape.app.wiring;

import dev.ticktape.app.access.DataRoutes;
import dev.ticktape.app.access.SqlLimits;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.AnalyticsRoutes;
import dev.ticktape.app.http.DecisionRoutes;
import dev.ticktape.app.http.GapsRoute;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.http.InstrumentCatalog;
import dev.ticktape.app.http.OptionsRoutes;
import dev.ticktape.app.http.RetentionPlanRoute;
import dev.ticktape.model.Decision;
import dev.ticktape.model.Execution;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.model.Topics;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.DecisionQueries;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.FeatureQueries;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.SinkConfig;
import dev.ticktape.persistence.SinkRoute;
import dev.ticktape.persistence.SinkWorker;
import dev.ticktape.persistence.SummaryQueries;
import dev.ticktape.persistence.duckdb.DuckDbBarQueries;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.duckdb.DuckDbDecisionQueries;
import dev.ticktape.persistence.duckdb.DuckDbDecisionSink;
import dev.ticktape.persistence.duckdb.DuckDbExecutionQueries;
import dev.ticktape.persistence.duckdb.DuckDbExecutionSink;
import dev.ticktape.persistence.duckdb.DuckDbFeatureQueries;
import dev.ticktape.persistence.duckdb.DuckDbFeatureSink;
import dev.ticktape.persistence.duckdb.DuckDbGapQueries;
import dev.ticktape.persistence.duckdb.DuckDbGapSink;
import dev.ticktape.persistence.duckdb.DuckDbGreeksQueries;
import dev.ticktape.persistence.duckdb.DuckDbGreeksSink;
import dev.ticktape.persistence.duckdb.DuckDbStatusSink;
import dev.ticktape.persistence.duckdb.DuckDbSummaryQueries;
import dev.ticktape.persistence.duckdb.DuckDbSummarySink;
import dev.ticktape.persistence.postgres.PostgresBarQueries;
import dev.ticktape.persistence.postgres.PostgresBarSink;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import dev.ticktape.persistence.postgres.PostgresDecisionQueries;
import dev.ticktape.persistence.postgres.PostgresDecisionSink;
import dev.ticktape.persistence.postgres.PostgresExecutionQueries;
import dev.ticktape.persistence.postgres.PostgresExecutionSink;
import dev.ticktape.persistence.postgres.PostgresFeatureQueries;
import dev.ticktape.persistence.postgres.PostgresFeatureSink;
import dev.ticktape.persistence.postgres.PostgresGapQueries;
import dev.ticktape.persistence.postgres.PostgresGapSink;
import dev.ticktape.persistence.postgres.PostgresGreeksQueries;
import dev.ticktape.persistence.postgres.PostgresGreeksSink;
import dev.ticktape.persistence.postgres.PostgresStatusSink;
import dev.ticktape.persistence.postgres.PostgresSummaryQueries;
import dev.ticktape.persistence.postgres.PostgresSummarySink;
import dev.ticktape.persistence.retention.DuckDbRetention;
import dev.ticktape.persistence.retention.PostgresRetention;
import dev.ticktape.persistence.retention.ReplayAgeWarnings;
import dev.ticktape.persistence.retention.RetentionScheduler;
import dev.ticktape.persistence.retention.RetentionTarget;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The persistence part: the DuckDB and/or PostgreSQL stores this process owns, eight workers per store (bars,
 * Greeks snapshots, executions, summaries, features, feed statuses, gaps, decisions; each its own consumer group so
 * none stalls another), retention over them, and their read routes. Queries prefer DuckDB when both stores run here.
 */
final class StorePart {
    private static final Duration OPTIONS_MAX_BATCH_DELAY = Duration.ofMillis(100);

    private final DuckDbDatabase duckdb;
    private final PostgresDatabase postgres;
    private final List<SinkWorker> barSinks;
    private final BarQueries bars;
    private final GreeksSnapshotQueries greeks;
    private final ExecutionQueries executions;
    private final SummaryQueries summaries;
    private final FeatureQueries features;
    private final DecisionQueries decisions;
    private final GapQueries gaps;
    /** {@code /v1/sql} and {@code /v1/export} over the DuckDB file; null without one. */
    private DataRoutes data;

    private StorePart(DuckDbDatabase duckdb, PostgresDatabase postgres, List<SinkWorker> barSinks) {
        this.duckdb = duckdb;
        this.postgres = postgres;
        this.barSinks = List.copyOf(barSinks);
        this.bars = duckdb != null
                ? new DuckDbBarQueries(duckdb)
                : postgres != null ? new PostgresBarQueries(postgres) : null;
        this.greeks = duckdb != null
                ? new DuckDbGreeksQueries(duckdb)
                : postgres != null ? new PostgresGreeksQueries(postgres) : null;
        this.executions = duckdb != null
                ? new DuckDbExecutionQueries(duckdb)
                : postgres != null ? new PostgresExecutionQueries(postgres) : null;
        this.summaries = duckdb != null
                ? new DuckDbSummaryQueries(duckdb)
                : postgres != null ? new PostgresSummaryQueries(postgres) : null;
        this.features = duckdb != null
                ? new DuckDbFeatureQueries(duckdb)
                : postgres != null ? new PostgresFeatureQueries(postgres) : null;
        this.decisions = duckdb != null
                ? new DuckDbDecisionQueries(duckdb)
                : postgres != null ? new PostgresDecisionQueries(postgres) : null;
        this.gaps = duckdb != null
                ? new DuckDbGapQueries(duckdb)
                : postgres != null ? new PostgresGapQueries(postgres) : null;
    }

    /** Starts the stores the spec names; null when it names none. */
    static StorePart start(PartContext ctx) throws SQLException {
        PlatformSpec spec = ctx.spec();
        if (spec.sink() == null && spec.postgres() == null) return null;
        List<SinkWorker> barSinks = new ArrayList<>();
        DuckDbDatabase duckdb = null;
        if (spec.sink() != null) {
            PlatformSpec.SinkSpec s = spec.sink();
            DuckDbDatabase db = DuckDbDatabase.open(s.duckDbFile(), s.duckDbThreads());
            ctx.lifecycle().add("duckdb", db::close);
            duckdb = db;
            // The DuckDB file is local state: a restarted process takes the partitions of every one of its workers
            // straight back (the side workers too: without it they waited out the dead member's session, ~45 s).
            Workers duckWorkers = new Workers(
                    s.groupId(),
                    SinkConfig.DUCKDB_GREEKS_GROUP_ID,
                    SinkConfig.DUCKDB_EXECUTIONS_GROUP_ID,
                    s.maxBatchRows(),
                    s.maxBatchDelay(),
                    s.duckDbFile());
            barSinks.add(startWorkers(
                    ctx,
                    "duckdb",
                    s.duckDbFile().toString(),
                    duckWorkers,
                    replayAgeWarnings(ctx, new DuckDbBarSink(db)),
                    sides(
                            duckWorkers,
                            new DuckDbGreeksSink(db),
                            new DuckDbExecutionSink(db),
                            new DuckDbSummarySink(db),
                            new DuckDbFeatureSink(db),
                            new DuckDbStatusSink(db),
                            new DuckDbGapSink(db),
                            new DuckDbDecisionSink(db))));
        }
        PostgresDatabase postgres = null;
        if (spec.postgres() != null) {
            PlatformSpec.PostgresSpec pg = spec.postgres();
            PostgresDatabase db = ctx.lifecycle().add("postgres", PostgresDatabase.open(pg.config(), ctx.registry()));
            postgres = db;
            Workers pgWorkers = new Workers(
                    pg.groupId(),
                    SinkConfig.POSTGRES_GREEKS_GROUP_ID,
                    SinkConfig.POSTGRES_EXECUTIONS_GROUP_ID,
                    pg.maxBatchRows(),
                    pg.maxBatchDelay(),
                    null);
            barSinks.add(startWorkers(
                    ctx,
                    "postgres",
                    "group " + pg.groupId(),
                    pgWorkers,
                    duckdb == null ? replayAgeWarnings(ctx, new PostgresBarSink(db)) : new PostgresBarSink(db),
                    sides(
                            pgWorkers,
                            new PostgresGreeksSink(db),
                            new PostgresExecutionSink(db),
                            new PostgresSummarySink(db),
                            new PostgresFeatureSink(db),
                            new PostgresStatusSink(db),
                            new PostgresGapSink(db),
                            new PostgresDecisionSink(db))));
        }
        StorePart part = new StorePart(duckdb, postgres, barSinks);
        if (duckdb != null) {
            // The same token as the control API; a process without the control part still honours the variable.
            String token = spec.control() != null ? spec.control().apiToken() : System.getenv("TICKTAPE_API_TOKEN");
            part.data = ctx.lifecycle().add("sql", DataRoutes.open(duckdb, SqlLimits.from(System.getenv()), token));
        }
        if (spec.retention() != null) {
            RetentionScheduler scheduler = new RetentionScheduler(
                    part.retentionTargets(),
                    spec.retention().policy(),
                    spec.retention().every());
            scheduler.start();
            ctx.lifecycle().add("retention", scheduler);
        }
        return part;
    }

    /**
     * With retention running here, the first store's bar sink warns about replayed bars already past a tier (one
     * store is enough: the warning is about the data, not the store).
     */
    private static BarSink replayAgeWarnings(PartContext ctx, BarSink sink) {
        PlatformSpec.RetentionSpec r = ctx.spec().retention();
        return r == null ? sink : new ReplayAgeWarnings(sink, r.policy(), ctx.registry(), Clock.systemUTC());
    }

    /**
     * Consumer groups and batching of one store's workers; {@code localState}: the file whose owner joins every group
     * as a static member, or null for a store many processes write (dynamic members).
     */
    private record Workers(
            String barGroup, String greeksGroup, String executionsGroup, int rows, Duration delay, Path localState) {
        /** The Kafka overrides of the worker in {@code group}: the user's settings, plus static membership. */
        Properties overrides(Properties passThrough, String group) {
            return localState == null ? passThrough : StaticMembership.withInstanceId(passThrough, group, localState);
        }
    }

    /**
     * One store's worker beside the bars: the topic it reads, its consumer group (suffix), the route and the sink.
     * These batch for at most {@link #OPTIONS_MAX_BATCH_DELAY}: Greeks carry a latency target, and analytics rows
     * are what a decision reads next.
     */
    private record SideWorker<T extends MarketEvent>(
            String name, String topic, String group, SinkRoute<T> route, EventSink<T> sink) {}

    /** Starts one store's bar worker and the workers beside it; returns the bar worker (the one a drain waits for). */
    private static SinkWorker startWorkers(
            PartContext ctx, String store, String detail, Workers w, BarSink barSink, List<SideWorker<?>> sides) {
        // Closed after the workers stop (the lifecycle closes in reverse): the side sinks hold their own DuckDB
        // connections, which kept the database, and its file lock, open after a stop.
        ctx.lifecycle().add("writers-" + store, () -> {
            try (barSink) {
                for (SideWorker<?> side : sides) side.sink().close();
            }
        });
        String bootstrap = ctx.kafka().bootstrapServers();
        Properties passThrough = ctx.spec().kafka().passThrough();
        SinkWorker bars = new SinkWorker(
                SinkConfig.defaults(bootstrap)
                        .withGroupId(w.barGroup())
                        .withBatching(w.rows(), w.delay())
                        .withKafkaOverrides(w.overrides(passThrough, w.barGroup())),
                barSink,
                ctx.registry());
        watch(ctx, store, "sink-" + store, "sink." + store, bars, detail);
        Duration delay = w.delay().compareTo(OPTIONS_MAX_BATCH_DELAY) > 0 ? OPTIONS_MAX_BATCH_DELAY : w.delay();
        for (SideWorker<?> side : sides) {
            SinkWorker worker =
                    sideWorker(ctx, side, bootstrap, w.overrides(passThrough, side.group()), w.rows(), delay);
            watch(
                    ctx,
                    store,
                    "sink-" + store + "-" + side.name(),
                    "sink." + store + "." + side.name(),
                    worker,
                    "running");
        }
        return bars;
    }

    private static <T extends MarketEvent> SinkWorker sideWorker(
            PartContext ctx, SideWorker<T> side, String bootstrap, Properties passThrough, int rows, Duration delay) {
        return new SinkWorker(
                SinkConfig.defaults(bootstrap)
                        .withGroupId(side.group())
                        .withTopics(List.of(side.topic()))
                        .withBatching(rows, delay)
                        .withKafkaOverrides(passThrough),
                side.route(),
                side.sink(),
                ctx.registry());
    }

    /** The workers beside the bars: Greeks, executions, the analytics rows, feed statuses, gaps and decisions. */
    private static List<SideWorker<?>> sides(
            Workers w,
            EventSink<Greeks> greeks,
            EventSink<Execution> executions,
            EventSink<Summary> summaries,
            EventSink<FeatureSet> features,
            EventSink<Status> status,
            EventSink<Gap> gaps,
            EventSink<Decision> decisions) {
        return List.of(
                new SideWorker<>("greeks", Topics.GREEKS_ACCEPTED, w.greeksGroup(), SinkRoute.GREEKS, greeks),
                new SideWorker<>(
                        "executions", Topics.EXECUTIONS, w.executionsGroup(), SinkRoute.EXECUTIONS, executions),
                new SideWorker<>(
                        "summaries", Topics.SUMMARIES, w.barGroup() + "-summaries", SinkRoute.SUMMARIES, summaries),
                new SideWorker<>("features", Topics.FEATURES, w.barGroup() + "-features", SinkRoute.FEATURES, features),
                new SideWorker<>("status", Topics.STATUS, w.barGroup() + "-status", SinkRoute.STATUS, status),
                new SideWorker<>("gaps", Topics.GAPS, w.barGroup() + "-gaps", SinkRoute.GAPS, gaps),
                new SideWorker<>(
                        "decisions", Topics.DECISIONS, w.barGroup() + "-decisions", SinkRoute.DECISIONS, decisions));
    }

    private static void watch(
            PartContext ctx, String store, String part, String healthName, SinkWorker w, String detail) {
        w.start();
        ctx.lifecycle().add(part, w);
        ctx.health()
                .register(
                        healthName,
                        true,
                        () -> w.failure()
                                .map(t -> HealthCheck.Component.down("failed: " + t))
                                .orElse(HealthCheck.Component.up(detail)));
    }

    /** The stores this process owns, for retention. */
    List<RetentionTarget> retentionTargets() {
        List<RetentionTarget> targets = new ArrayList<>();
        if (duckdb != null) targets.add(new DuckDbRetention(duckdb));
        if (postgres != null) targets.add(new PostgresRetention(postgres));
        return targets;
    }

    /**
     * Stored Greeks, executions, summaries, features, gaps and (with retention) the retention plan. The bar route
     * joins the topology's.
     */
    void routes(HttpEdge http, PlatformSpec.RetentionSpec retention, InstrumentCatalog catalog) {
        http.get("/v1/summaries", new AnalyticsRoutes.Summaries(summaries, catalog));
        http.get("/v1/features", new AnalyticsRoutes.Features(features, catalog));
        http.get("/v1/decisions", new DecisionRoutes.Actions(decisions));
        http.get("/v1/decisions/latest", new DecisionRoutes.Latest(decisions));
        http.get("/v1/greeks/snapshots", new OptionsRoutes.Snapshots(greeks));
        http.get(GapsRoute.PATH, new GapsRoute(gaps));
        http.get("/v1/executions", new OptionsRoutes.Executions(executions, "executions"));
        // The old name of the same list, kept for existing clients; it meant account fills, not market prints.
        http.get("/v1/trades", new OptionsRoutes.Executions(executions, "trades"));
        if (data != null) data.register(http);
        if (retention != null) {
            http.get("/v1/retention/plan", new RetentionPlanRoute(retentionTargets(), retention.policy()));
        }
    }

    /** Stores every bar up to the end of the bar topics, in each store, within the timeout; true if done. */
    boolean drain(long deadlineNanos) {
        boolean drained = true;
        for (SinkWorker w : barSinks) drained &= w.drain(Platform.remaining(deadlineNanos));
        return drained;
    }

    DuckDbDatabase duckdb() {
        return duckdb;
    }

    PostgresDatabase postgres() {
        return postgres;
    }

    BarQueries bars() {
        return bars;
    }

    GreeksSnapshotQueries greeks() {
        return greeks;
    }

    /** The first store's bar worker. */
    SinkWorker barSink() {
        return barSinks.get(0);
    }
}
