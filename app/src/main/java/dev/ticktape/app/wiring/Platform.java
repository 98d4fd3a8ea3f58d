package dev.ticktape.app.wiring;

import dev.ticktape.adapters.ndjson.FileTailer;
import dev.ticktape.adapters.ndjson.NdjsonGateway;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.BarsRoute;
import dev.ticktape.app.streaming.AdapterManager;
import dev.ticktape.app.streaming.FeedMonitor;
import dev.ticktape.app.streaming.StatusBoard;
import dev.ticktape.app.streaming.StreamingRoutes;
import dev.ticktape.app.http.Forwarder;
import dev.ticktape.app.http.LatestBarRoute;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.GreeksQueries;
import dev.ticktape.topology.query.BookQueries;
import dev.ticktape.app.http.BookRoute;
import dev.ticktape.app.http.GreeksLatestRoute;
import java.util.Properties;
import org.apache.kafka.streams.state.HostInfo;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.kafka.KafkaEventPublisher;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.broker.BrokerConfig;
import dev.ticktape.broker.EmbeddedKafkaBroker;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.SinkRoute;
import dev.ticktape.persistence.duckdb.DuckDbExecutionQueries;
import dev.ticktape.persistence.duckdb.DuckDbExecutionSink;
import dev.ticktape.persistence.duckdb.DuckDbGreeksQueries;
import dev.ticktape.persistence.duckdb.DuckDbGreeksSink;
import dev.ticktape.persistence.postgres.PostgresExecutionQueries;
import dev.ticktape.persistence.postgres.PostgresExecutionSink;
import dev.ticktape.persistence.postgres.PostgresGreeksQueries;
import dev.ticktape.persistence.postgres.PostgresGreeksSink;
import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.Topics;
import dev.ticktape.app.http.OptionsRoutes;
import dev.ticktape.persistence.SinkConfig;
import dev.ticktape.persistence.SinkWorker;
import dev.ticktape.persistence.duckdb.DuckDbBarQueries;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.postgres.PostgresBarQueries;
import dev.ticktape.persistence.postgres.PostgresBarSink;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import dev.ticktape.persistence.retention.DuckDbRetention;
import dev.ticktape.persistence.retention.PostgresRetention;
import dev.ticktape.persistence.retention.RetentionScheduler;
import dev.ticktape.persistence.retention.RetentionTarget;
import dev.ticktape.app.http.RetentionPlanRoute;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.runtime.StreamsRunner;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts the parts a {@link PlatformSpec} asks for, in dependency order (broker, topics,
 * sink, topology, HTTP edge, gateway, inputs), and stops them in reverse. Every command, the benchmark and the
 * end-to-end tests build the platform through this one class.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final Duration OPTIONS_MAX_BATCH_DELAY = Duration.ofMillis(100);

    private final PlatformSpec spec;
    private final Lifecycle lifecycle = new Lifecycle();
    private final PrometheusMeterRegistry registry;
    private final HealthCheck health = new HealthCheck();
    private final EventCodec codec = new EventCodec();
    private String bootstrapServers;
    private NdjsonGateway gateway;
    private StreamsRunner streams;
    private StreamsRunner options;
    private SinkWorker sink;
    private SinkWorker postgresSink;
    private DuckDbDatabase database;
    private PostgresDatabase postgres;
    private BarQueries barQueries;
    private HttpEdge http;
    private BarStateQueries stateQueries;
    private GreeksQueries greeksQueries;
    private BookQueries bookQueries;
    private AdapterManager adapters;
    private StatusBoard statusBoard;
    private final List<FileTailer> tailers = new ArrayList<>();

    private Platform(PlatformSpec spec) {
        this.spec = spec;
        this.registry = Observability.registry(spec.service());
    }

    /** Starts everything the spec names; on failure stops what had started and rethrows. */
    public static Platform start(PlatformSpec spec) {
        Platform p = new Platform(spec);
        try {
            p.startParts();
            return p;
        } catch (Exception e) {
            p.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void startParts() throws IOException, SQLException, InterruptedException {
        startKafka();
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, spec.kafkaPassThrough());
        TopicProvisioner.ensureTopics(kafka, spec.topics());
        // Bound before the topology starts: Streams advertises it as application.server for interactive queries.
        if (spec.httpPort() >= 0) {
            http = new HttpEdge(spec.httpHost(), spec.httpPort(), registry, health, codec.mapper());
            lifecycle.add("http", http);
        }
        if (spec.sink() != null) startSink();
        if (spec.postgres() != null) startPostgresSink();
        if (spec.retention() != null) startRetention();
        if (spec.topology() != null) startStreams();
        if (spec.control() != null) startControl(kafka);
        if (http != null) startHttp();
        if (spec.gateway() != null) {
            // With the topology in this process, the gateway's port opens once Streams runs: a line accepted as soon
            // as the port answers becomes a bar within grace plus a producer tick, not after the first rebalance.
            if (streams != null && !awaitStreamsRunning(Duration.ofSeconds(60))) {
                LOG.warn("topology not RUNNING after 60 s; opening the gateway anyway");
            }
            startGateway(kafka);
        }
        if (adapters != null) spec.control().autostart().forEach(adapters::start);
    }

    private void startKafka() {
        if (!spec.embeddedBroker()) {
            bootstrapServers = spec.bootstrapServers();
            return;
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new BrokerConfig(spec.dataDir().resolve("kafka"),
                spec.broker().host(), spec.broker().port(), 0, Map.of()));
        lifecycle.add("broker", broker);
        bootstrapServers = broker.bootstrapServers();
        health.register("broker", true, () -> HealthCheck.Component.up(broker.bootstrapServers()));
    }

    private GreeksSnapshotQueries greeksQueriesDb;
    private ExecutionQueries executionQueries;

    private void startSink() throws SQLException {
        PlatformSpec.SinkSpec s = spec.sink();
        database = DuckDbDatabase.open(s.duckDbFile(), s.duckDbThreads());
        lifecycle.add("duckdb", () -> database.close());
        barQueries = new DuckDbBarQueries(database);
        SinkConfig cfg = SinkConfig.defaults(bootstrapServers)
                .withGroupId(s.groupId())
                .withBatching(s.maxBatchRows(), s.maxBatchDelay())
                .withKafkaOverrides(StaticMembership.withInstanceId(spec.kafkaPassThrough(), s.groupId(),
                        s.duckDbFile()));
        sink = new SinkWorker(cfg, new DuckDbBarSink(database), registry);
        sink.start();
        lifecycle.add("sink", sink);
        SinkWorker w = sink;
        health.register("sink.duckdb", true, () -> w.failure()
                .map(t -> HealthCheck.Component.down("failed: " + t))
                .orElse(HealthCheck.Component.up(s.duckDbFile().toString())));
        greeksQueriesDb = new DuckDbGreeksQueries(database);
        executionQueries = new DuckDbExecutionQueries(database);
        startOptionsWorkers("duckdb", SinkConfig.DUCKDB_GREEKS_GROUP_ID, SinkConfig.DUCKDB_EXECUTIONS_GROUP_ID,
                new DuckDbGreeksSink(database), new DuckDbExecutionSink(database), s.maxBatchRows(), s.maxBatchDelay());
    }

    /** Greeks snapshots and executions: one worker each, own consumer groups, same batching as the bars. */
    private void startOptionsWorkers(String store, String greeksGroup, String executionsGroup,
                                     EventSink<Greeks> greeks, EventSink<Execution> executions, int rows,
                                     Duration barDelay) {
        // Greeks carry a receipt-to-stored latency target (p95 < 500 ms), bars do not: batch them for less time.
        Duration delay = barDelay.compareTo(OPTIONS_MAX_BATCH_DELAY) > 0 ? OPTIONS_MAX_BATCH_DELAY : barDelay;
        SinkWorker g = new SinkWorker(SinkConfig.defaults(bootstrapServers).withGroupId(greeksGroup)
                .withTopics(List.of(Topics.GREEKS_ACCEPTED)).withBatching(rows, delay)
                .withKafkaOverrides(spec.kafkaPassThrough()), SinkRoute.GREEKS, greeks, registry);
        g.start();
        lifecycle.add("sink-" + store + "-greeks", g);
        SinkWorker x = new SinkWorker(SinkConfig.defaults(bootstrapServers).withGroupId(executionsGroup)
                .withTopics(List.of(Topics.EXECUTIONS)).withBatching(rows, delay)
                .withKafkaOverrides(spec.kafkaPassThrough()), SinkRoute.EXECUTIONS, executions, registry);
        x.start();
        lifecycle.add("sink-" + store + "-executions", x);
        for (SinkWorker w : List.of(g, x)) {
            health.register("sink." + store + (w == g ? ".greeks" : ".executions"), true, () -> w.failure()
                    .map(t -> HealthCheck.Component.down("failed: " + t.getMessage()))
                    .orElse(HealthCheck.Component.up("running")));
        }
    }

    private void startPostgresSink() {
        PlatformSpec.PostgresSpec pg = spec.postgres();
        postgres = PostgresDatabase.open(pg.config(), registry);
        lifecycle.add("postgres", postgres);
        if (barQueries == null) barQueries = new PostgresBarQueries(postgres);
        SinkConfig cfg = SinkConfig.defaults(bootstrapServers)
                .withGroupId(pg.groupId())
                .withBatching(pg.maxBatchRows(), pg.maxBatchDelay())
                .withKafkaOverrides(spec.kafkaPassThrough());
        SinkWorker w = new SinkWorker(cfg, new PostgresBarSink(postgres), registry);
        w.start();
        postgresSink = w;
        lifecycle.add("sink-postgres", w);
        health.register("sink.postgres", true, () -> w.failure()
                .map(t -> HealthCheck.Component.down("failed: " + t.getMessage()))
                .orElse(HealthCheck.Component.up("group " + pg.groupId())));
        if (greeksQueriesDb == null) greeksQueriesDb = new PostgresGreeksQueries(postgres);
        if (executionQueries == null) executionQueries = new PostgresExecutionQueries(postgres);
        startOptionsWorkers("postgres", SinkConfig.POSTGRES_GREEKS_GROUP_ID, SinkConfig.POSTGRES_EXECUTIONS_GROUP_ID,
                new PostgresGreeksSink(postgres), new PostgresExecutionSink(postgres), pg.maxBatchRows(), pg.maxBatchDelay());
    }

    private void startRetention() {
        List<RetentionTarget> targets = retentionTargets();
        if (targets.isEmpty()) return;
        RetentionScheduler scheduler = new RetentionScheduler(targets, spec.retention().policy(), spec.retention().every());
        scheduler.start();
        lifecycle.add("retention", scheduler);
    }

    /** The stores this process owns, for retention. */
    public List<RetentionTarget> retentionTargets() {
        List<RetentionTarget> targets = new ArrayList<>();
        if (database != null) targets.add(new DuckDbRetention(database));
        if (postgres != null) targets.add(new PostgresRetention(postgres));
        return targets;
    }

    private Properties streamsProps(String applicationId, Path stateDir, HostInfo self) {
        Properties props = StaticMembership.withInstanceId(spec.kafkaPassThrough(), applicationId, stateDir);
        if (self != null) props.putIfAbsent("application.server", self.host() + ":" + self.port());
        return props;
    }

    private void startStreams() {
        Path stateDir = spec.dataDir().resolve("streams");
        HostInfo self = http == null ? null : new HostInfo(spec.httpHost(), http.port());
        streams = new StreamsRunner(spec.topology(), null, registry, bootstrapServers, stateDir, spec.streamThreads(),
                spec.topics().replicationFactor(), streamsProps(spec.topology().applicationId(), stateDir, self));
        streams.start();
        stateQueries = new BarStateQueries(streams.streams(), self);
        // Greeks and books: their own Streams application (own tasks, thread, transactions) beside the bars.
        TopologyConfig optionsCfg = spec.topology().withApplicationId(spec.topology().applicationId() + "-options");
        Path optionsDir = spec.dataDir().resolve("streams-options");
        options = new StreamsRunner(optionsCfg, spec.greeks(), registry, bootstrapServers, optionsDir, 1,
                spec.topics().replicationFactor(), streamsProps(optionsCfg.applicationId(), optionsDir, self));
        options.start();
        greeksQueries = new GreeksQueries(options.streams(), self);
        bookQueries = new BookQueries(options.streams(), self);
        StreamsRunner r = streams;
        lifecycle.add("streams", () -> r.close(Duration.ofSeconds(30)));
        health.register("streams", true, () -> streamsHealth(r));
        StreamsRunner o = options;
        lifecycle.add("streams-options", () -> o.close(Duration.ofSeconds(30)));
        health.register("streams.options", true, () -> streamsHealth(o));
    }

    /** Up while the client runs or rebalances (or has not started yet); down once it stopped or failed. */
    private static HealthCheck.Component streamsHealth(StreamsRunner runner) {
        KafkaStreams.State st = runner.state();
        boolean up = st == KafkaStreams.State.RUNNING || st == KafkaStreams.State.REBALANCING
                || st == KafkaStreams.State.CREATED;
        return new HealthCheck.Component(up, st.name());
    }

    private void startControl(KafkaSettings kafka) {
        PlatformSpec.ControlSpec c = spec.control();
        c.kinds().forEach(k -> lifecycle.add("adapter kind " + k.name(), k));
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka, "ticktape-adapters", codec, registry);
        lifecycle.add("adapter-publisher", publisher);
        adapters = new AdapterManager(c.kinds(), publisher, registry);
        lifecycle.add("adapters", adapters);
        statusBoard = new StatusBoard(kafka);
        statusBoard.start();
        lifecycle.add("status-board", statusBoard);
        if (c.alerts()) {
            FeedMonitor monitor = new FeedMonitor(statusBoard, c.staleTimeout(), c.venueTimeouts(), kafka, registry);
            monitor.start();
            lifecycle.add("feed-monitor", monitor);
        }
    }

    private void startHttp() {
        if (adapters != null) new StreamingRoutes(adapters, statusBoard, spec.control().apiToken()).register(http);
        if (spec.retention() != null) http.route("/v1/retention/plan", new RetentionPlanRoute(retentionTargets(), spec.retention().policy()));
        Forwarder forwarder = new Forwarder();
        if (barQueries != null || stateQueries != null) {
            http.route("/v1/bars", new BarsRoute(barQueries, stateQueries, forwarder));
        } else {
            http.route("/v1/bars", q -> HttpEdge.Response.error(404,
                    "this process has neither a bar database nor the bar topology"));
        }
        if (stateQueries != null) http.route("/v1/bars/latest", new LatestBarRoute(stateQueries, forwarder));
        if (greeksQueries != null) http.route("/v1/greeks/latest", new GreeksLatestRoute(greeksQueries, forwarder));
        if (bookQueries != null) http.route("/v1/book", new BookRoute(bookQueries, forwarder));
        if (greeksQueriesDb != null) http.route("/v1/greeks/snapshots", new OptionsRoutes.Snapshots(greeksQueriesDb));
        if (executionQueries != null) http.route("/v1/trades", new OptionsRoutes.Trades(executionQueries));
        http.start();
    }

    private void startGateway(KafkaSettings kafka) throws InterruptedException, IOException {
        KafkaEventPublisher publisher = new KafkaEventPublisher(kafka, "ticktape-gateway", codec, registry);
        lifecycle.add("gateway-publisher", publisher);
        gateway = new NdjsonGateway(spec.gateway(), publisher, registry);
        gateway.start();
        lifecycle.add("gateway", gateway);
        health.register("gateway", false, () -> HealthCheck.Component.up("tcp " + spec.gateway().host() + ":" + gateway.port()));
        for (Path file : spec.inputs().tailFiles()) {
            FileTailer t = gateway.tail(file, spec.inputs().follow());
            tailers.add(t);
            lifecycle.add("tail " + file, t);
        }
        if (spec.inputs().stdin()) {
            NdjsonGateway g = gateway;
            Thread reader = new Thread(() -> {
                try {
                    g.readStream(System.in);
                    LOG.info("stdin finished");
                } catch (IOException e) {
                    LOG.warn("stdin failed: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stdin-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int gatewayPort() {
        return gateway == null ? -1 : gateway.port();
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The DuckDB file this process owns, when it runs the sink. */
    public Optional<DuckDbDatabase> database() {
        return Optional.ofNullable(database);
    }

    public Optional<PostgresDatabase> postgresDatabase() {
        return Optional.ofNullable(postgres);
    }

    public Optional<GreeksSnapshotQueries> greeksSnapshots() {
        return Optional.ofNullable(greeksQueriesDb);
    }

    public Optional<BarQueries> barQueries() {
        return Optional.ofNullable(barQueries);
    }

    /** The bar topology's settings, when this process runs it. */
    public Optional<TopologyConfig> topologyConfig() {
        return Optional.ofNullable(spec.topology());
    }

    public Optional<StreamsRunner> streams() {
        return Optional.ofNullable(streams);
    }

    public Optional<AdapterManager> adapters() {
        return Optional.ofNullable(adapters);
    }

    public Optional<StatusBoard> statusBoard() {
        return Optional.ofNullable(statusBoard);
    }

    public Optional<SinkWorker> sink() {
        return Optional.ofNullable(sink);
    }

    public List<FileTailer> tailers() {
        return List.copyOf(tailers);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public HealthCheck health() {
        return health;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** Blocks until Kafka Streams is RUNNING (or the timeout passes); false if it did not get there. */
    public boolean awaitStreamsRunning(Duration timeout) throws InterruptedException {
        if (streams == null) return true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) return true;
            Thread.sleep(50); // the state listener is the runner's; polling a state field here is enough
        }
        return false;
    }

    /** Names of the parts that take input in: closed first by {@link #drainAndClose}. */
    private static boolean intake(String part) {
        return part.startsWith("tail ") || part.equals("gateway") || part.equals("gateway-publisher")
                || part.equals("adapters") || part.equals("adapter-publisher");
    }

    /**
     * A clean stop that loses nothing accepted: stops intake (the gateway, tails and adapters finish their
     * publishes and send their producers' end ticks), lets the topology close every open bar and commit them,
     * waits until the bar sinks have stored everything up to the end of their topics, then stops the rest.
     * Each part does its share, so the split processes drain too: a gateway only stops intake, a topology only
     * drains, a sink only stores to the end. Bounded by {@code timeout} overall; whatever is still open then is not
     * lost (it stays in Kafka and in the topology's state) but is stored only after the next start.
     *
     * @return true if every part drained within the timeout
     */
    public boolean drainAndClose(Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        boolean drained = true;
        try {
            lifecycle.closeNow(Platform::intake);
            if (streams != null) drained &= streams.drain(remaining(deadline));
            for (SinkWorker w : new SinkWorker[] {sink, postgresSink}) {
                if (w != null) drained &= w.drain(remaining(deadline));
            }
            LOG.info("drain {} in {} ms", drained ? "complete" : "INCOMPLETE (timed out)",
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            drained = false;
            LOG.warn("drain failed: {}", e.toString());
        } finally {
            lifecycle.close();
        }
        return drained;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        lifecycle.close();
    }
}
