package dev.ticktape.app.wiring;

import dev.ticktape.adapters.ndjson.FileTailer;
import dev.ticktape.app.decisions.DecisionOutputs;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.BarsRoute;
import dev.ticktape.app.http.DashboardFiles;
import dev.ticktape.app.http.Forwarder;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.http.InstrumentCatalog;
import dev.ticktape.app.http.InstrumentsRoute;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.streaming.AdapterManager;
import dev.ticktape.app.streaming.StatusBoard;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.SinkWorker;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.runtime.StreamsRunner;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts the parts a {@link PlatformSpec} asks for, each through its own part class, in
 * dependency order (Kafka, topics, HTTP port, stores, topology, adapters, routes, gateway), and stops them in
 * reverse through one {@link Lifecycle}. Every command, the benchmark and the end-to-end tests build the
 * platform through this one class. A part the spec does not name is absent (its accessor is empty).
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final Duration GATEWAY_WAITS_FOR_STREAMS = Duration.ofSeconds(60);

    private final PartContext ctx;
    private final HttpEdge http;
    private final StorePart stores;
    private final StreamsPart streams;
    private final ControlPart control;
    private final GatewayPart gateway;
    private final AtomicBoolean drainStarted = new AtomicBoolean();
    private final CompletableFuture<Boolean> drainResult = new CompletableFuture<>();
    private ReplayCompletion replay;

    private Platform(
            PartContext ctx,
            HttpEdge http,
            StorePart stores,
            StreamsPart streams,
            ControlPart control,
            GatewayPart gateway) {
        this.ctx = ctx;
        this.http = http;
        this.stores = stores;
        this.streams = streams;
        this.control = control;
        this.gateway = gateway;
    }

    /** Starts everything the spec names; on failure stops what had started and rethrows. */
    public static Platform start(PlatformSpec spec) {
        Lifecycle lifecycle = new Lifecycle();
        try {
            return startParts(spec, lifecycle);
        } catch (Exception e) {
            lifecycle.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Platform startParts(PlatformSpec spec, Lifecycle lifecycle) throws Exception {
        PrometheusMeterRegistry registry = Observability.registry(spec.service());
        HealthCheck health = new HealthCheck();
        String bootstrap = BrokerPart.start(spec.kafka(), spec.dataDir(), lifecycle, health);
        KafkaSettings kafka = new KafkaSettings(bootstrap, spec.kafka().passThrough());
        TopicProvisioner.ensureTopics(kafka, spec.topics());
        EventCodec codec = new EventCodec();
        PartContext ctx = new PartContext(spec, lifecycle, registry, health, codec, kafka);
        // Bound before the topology starts: Streams advertises it as application.server for interactive queries.
        HttpEdge http = spec.http() == null
                ? null
                : lifecycle.add(
                        "http", new HttpEdge(spec.http().host(), spec.http().port(), registry, health, codec.mapper()));
        StorePart stores = StorePart.start(ctx);
        StreamsPart streams = StreamsPart.start(
                ctx, http == null ? null : new HostInfo(spec.http().host(), http.port()));
        ControlPart control = ControlPart.start(ctx);
        ReconcilePart.start(ctx, stores, control);
        if (http != null) {
            routes(http, spec, stores, streams, control);
            StreamPart.routes(ctx, http);
            http.start();
        }
        // With the topology in this process, the gateway's port opens once Streams runs: a line accepted as soon
        // as the port answers becomes a bar within grace plus a producer tick, not after the first rebalance.
        if (spec.gateway() != null && streams != null && !streams.awaitRunning(GATEWAY_WAITS_FOR_STREAMS)) {
            LOG.warn(
                    "topology not RUNNING after {} s; opening the gateway anyway",
                    GATEWAY_WAITS_FOR_STREAMS.toSeconds());
        }
        GatewayPart gateway = GatewayPart.start(ctx);
        if (control != null) control.autostart();
        Platform platform = new Platform(ctx, http, stores, streams, control, gateway);
        if (spec.gateway() != null) {
            platform.replay =
                    ReplayCompletion.start(platform, gateway, spec.gateway().inputs(), System.out);
        }
        return platform;
    }

    private static void routes(
            HttpEdge http, PlatformSpec spec, StorePart stores, StreamsPart streams, ControlPart control) {
        Forwarder forwarder = new Forwarder();
        http.files(DashboardFiles.PREFIX, new DashboardFiles());
        InstrumentCatalog catalog = new InstrumentCatalog(
                stores == null ? null : stores.bars(), streams == null ? null : streams.barState(), forwarder);
        if (control != null) control.routes(http);
        if (stores != null) stores.routes(http, spec.retention(), catalog);
        if (stores != null) ReconcilePart.routes(http, stores);
        if (streams != null) streams.routes(http, forwarder, catalog);
        if (stores != null || streams != null) {
            http.get(
                    "/v1/bars",
                    new BarsRoute(
                            stores == null ? null : stores.bars(),
                            streams == null ? null : streams.barState(),
                            forwarder,
                            catalog));
            http.get("/v1/instruments", new InstrumentsRoute(catalog));
        } else {
            http.get(
                    "/v1/bars",
                    q -> HttpEdge.Response.error(404, "this process has neither a bar database nor the bar topology"));
        }
    }

    public String bootstrapServers() {
        return ctx.kafka().bootstrapServers();
    }

    public int gatewayPort() {
        return gateway == null ? -1 : gateway.port();
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The paths the HTTP edge serves (empty without one): what the ready banner lists. */
    public List<String> httpPaths() {
        return http == null ? List.of() : http.paths();
    }

    /** The GET paths the HTTP edge serves (empty without one). */
    public List<String> httpGetPaths() {
        return http == null ? List.of() : http.getPaths();
    }

    /** The DuckDB file this process owns, when it runs the sink. */
    public Optional<DuckDbDatabase> database() {
        return Optional.ofNullable(stores).map(StorePart::duckdb);
    }

    public Optional<PostgresDatabase> postgresDatabase() {
        return Optional.ofNullable(stores).map(StorePart::postgres);
    }

    public Optional<GreeksSnapshotQueries> greeksSnapshots() {
        return Optional.ofNullable(stores).map(StorePart::greeks);
    }

    public Optional<BarQueries> barQueries() {
        return Optional.ofNullable(stores).map(StorePart::bars);
    }

    /** The bar topology's settings, when this process runs it. */
    public Optional<TopologyConfig> topologyConfig() {
        return Optional.ofNullable(streams).map(StreamsPart::config);
    }

    /** What the analytics application computes, when this process runs it. */
    public Optional<PlatformSpec.AnalyticsSpec> analytics() {
        return Optional.ofNullable(streams).map(StreamsPart::analytics);
    }

    /** The ports this process's {@code tcp://} decision sinks listen on (empty without them). */
    public List<Integer> decisionTcpPorts() {
        return Optional.ofNullable(streams)
                .map(StreamsPart::decisionOutputs)
                .map(DecisionOutputs::tcpPorts)
                .orElse(List.of());
    }

    /** The bar application's runner, when this process runs the topology. */
    public Optional<StreamsRunner> streams() {
        return Optional.ofNullable(streams).map(StreamsPart::bars);
    }

    public Optional<AdapterManager> adapters() {
        return Optional.ofNullable(control).map(ControlPart::adapters);
    }

    public Optional<StatusBoard> statusBoard() {
        return Optional.ofNullable(control).map(ControlPart::board);
    }

    /** The bar worker of the first store (DuckDB when it runs here). */
    public Optional<SinkWorker> sink() {
        return Optional.ofNullable(stores).map(StorePart::barSink);
    }

    public List<FileTailer> tailers() {
        return gateway == null ? List.of() : gateway.tailers();
    }

    /** The end of the finite inputs (files read once, stdin) and its summary, when this process has any. */
    public Optional<ReplayCompletion> replay() {
        return Optional.ofNullable(replay);
    }

    public PrometheusMeterRegistry registry() {
        return ctx.registry();
    }

    public HealthCheck health() {
        return ctx.health();
    }

    public Lifecycle lifecycle() {
        return ctx.lifecycle();
    }

    /**
     * Blocks until the bar topology in this process has consumed its inputs up to their current end (true at once
     * without one); false if the timeout passed first.
     */
    public boolean awaitStreamsCaughtUp(Duration timeout) {
        return streams == null || streams.bars().awaitInputConsumed(timeout);
    }

    /** Blocks until Kafka Streams is RUNNING (or the timeout passes); false if it did not get there. */
    public boolean awaitStreamsRunning(Duration timeout) throws InterruptedException {
        return streams == null || streams.awaitRunning(timeout);
    }

    /**
     * A clean stop that loses nothing accepted: stops intake (the gateway, tails and adapters finish their
     * publishes and send their producers' end ticks), lets the topology close every open bar and commit them,
     * waits until the bar sinks have stored everything up to the end of their topics, then stops the rest.
     * Each part does its share, so the split processes drain too: a gateway only stops intake, a topology only
     * drains, a sink only stores to the end. Bounded by {@code timeout} overall; whatever is still open then is not
     * lost (it stays in Kafka and in the topology's state) but is stored only after the next start.
     *
     * <p>Runs once: a second call (the shutdown hook after an {@code --exit-at-end} drain) waits for the first and
     * returns its result.
     *
     * @return true if every part drained within the timeout
     */
    public boolean drainAndClose(Duration timeout) {
        if (!drainStarted.compareAndSet(false, true)) return drainResult.join();
        boolean result = drainOnce(timeout);
        drainResult.complete(result);
        return result;
    }

    private boolean drainOnce(Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        boolean drained = true;
        try {
            ctx.lifecycle().closeNow(GatewayPart::intake);
            if (streams != null) drained &= streams.drain(deadline);
            if (stores != null) drained &= stores.drain(deadline);
            LOG.info(
                    "drain {} in {} ms",
                    drained ? "complete" : "INCOMPLETE (timed out)",
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            drained = false;
            LOG.warn("drain failed: {}", e.toString());
        } finally {
            ctx.lifecycle().close();
        }
        return drained;
    }

    static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        ctx.lifecycle().close();
    }
}
