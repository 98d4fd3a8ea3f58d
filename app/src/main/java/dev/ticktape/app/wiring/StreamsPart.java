package dev.ticktape.app.wiring;

import dev.ticktape.app.decisions.DecisionOutputs;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.BookRoute;
import dev.ticktape.app.http.Forwarder;
import dev.ticktape.app.http.GreeksLatestRoute;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.http.InstrumentCatalog;
import dev.ticktape.app.http.LatestAnalyticsRoute;
import dev.ticktape.app.http.LatestBarRoute;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.StreamsApp;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.features.FeatureTopology;
import dev.ticktape.topology.greeks.GreeksMetrics;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.BookQueries;
import dev.ticktape.topology.query.GreeksQueries;
import dev.ticktape.topology.query.LatestValueQueries;
import dev.ticktape.topology.runtime.StreamsRunner;
import dev.ticktape.topology.summaries.SummaryConfig;
import dev.ticktape.topology.summaries.SummaryTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The topology part: the bar application and, beside it, the options-and-books application (own tasks, thread
 * and transactions, so the options side cannot hold up bar commits), with their interactive queries and routes.
 */
final class StreamsPart {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final String SUMMARIES_LATEST = "/v1/summaries/latest";
    private static final String FEATURES_LATEST = "/v1/features/latest";

    private final TopologyConfig config;
    private final StreamsRunner bars;
    private final BarStateQueries barState;
    private final GreeksQueries greeks;
    private final BookQueries books;
    private final HostInfo self;
    private final PlatformSpec.AnalyticsSpec analytics;
    /** The analytics application's runner; null when it is off. */
    private final StreamsRunner analyticsRunner;
    /** The decision sinks and gate inputs of this process; null without decisions. */
    private DecisionOutputs decisionOutputs;

    private StreamsPart(
            TopologyConfig config,
            StreamsRunner bars,
            StreamsRunner options,
            PlatformSpec.AnalyticsSpec analytics,
            StreamsRunner analyticsRunner,
            HostInfo self) {
        this.config = config;
        this.bars = bars;
        this.analytics = analytics;
        this.analyticsRunner = analyticsRunner;
        this.self = self;
        this.barState = new BarStateQueries(bars.streams(), self);
        this.greeks = new GreeksQueries(options.streams(), self);
        this.books = new BookQueries(options.streams(), self);
    }

    /**
     * Starts both applications; null when the spec has no topology.
     *
     * @param self this process's HTTP address, advertised as {@code application.server} so other instances can
     *             forward queries here; null without an HTTP edge
     */
    static StreamsPart start(PartContext ctx, HostInfo self) throws IOException {
        PlatformSpec.StreamsSpec s = ctx.spec().streams();
        if (s == null) return null;
        TopologyConfig cfg = s.topology();
        StreamsRunner bars = run(
                ctx,
                "streams",
                StreamsApp.bars(cfg, new TopologyMetrics(ctx.registry())),
                "streams",
                s.threads(),
                self);
        String optionsId = cfg.applicationId() + "-options";
        StreamsRunner options = run(
                ctx,
                "streams-options",
                StreamsApp.options(optionsId, s.greeks(), new GreeksMetrics(ctx.registry())),
                "streams-options",
                1,
                self);
        StreamsRunner analytics = null;
        if (s.analytics() != null) {
            // Its own application: it reads committed bars and can never hold up the bars' transactions.
            analytics = run(
                    ctx,
                    "streams-analytics",
                    StreamsApp.analytics(
                            cfg.applicationId() + "-analytics",
                            s.analytics().summaries(),
                            s.analytics().features(),
                            s.analytics().decisions(),
                            ctx.registry()),
                    "streams-analytics",
                    1,
                    self);
        }
        StreamsPart part = new StreamsPart(cfg, bars, options, s.analytics(), analytics, self);
        if (s.analytics() != null && s.analytics().outputs() != null) {
            part.decisionOutputs = ctx.lifecycle()
                    .add(
                            "decision-outputs",
                            DecisionOutputs.start(
                                    s.analytics().outputs(),
                                    ctx.kafka(),
                                    ctx.registry(),
                                    apiToken(ctx.spec()),
                                    System.out,
                                    Clock.systemUTC()));
            part.decisionOutputs.register(ctx.health());
        }
        return part;
    }

    /** The control API's token, or {@code TICKTAPE_API_TOKEN} in a process without the control part. */
    private static String apiToken(PlatformSpec spec) {
        return spec.control() != null ? spec.control().apiToken() : System.getenv("TICKTAPE_API_TOKEN");
    }

    private static StreamsRunner run(
            PartContext ctx, String name, StreamsApp app, String stateDirName, int threads, HostInfo self) {
        Path stateDir = ctx.spec().dataDir().resolve(stateDirName);
        // The Streams state dir is local state: a restarted process takes its tasks straight back.
        Properties props =
                StaticMembership.withInstanceId(ctx.spec().kafka().passThrough(), app.applicationId(), stateDir);
        if (self != null) props.putIfAbsent("application.server", self.host() + ":" + self.port());
        StreamsRunner runner = new StreamsRunner(
                app,
                ctx.registry(),
                ctx.kafka().bootstrapServers(),
                stateDir,
                threads,
                ctx.spec().topics().replicationFactor(),
                props);
        runner.start();
        ctx.lifecycle().add(name, () -> runner.close(CLOSE_TIMEOUT));
        ctx.health().register(name.replace('-', '.'), true, () -> health(runner));
        return runner;
    }

    /** Up while the client runs or rebalances (or has not started yet); down once it stopped or failed. */
    private static HealthCheck.Component health(StreamsRunner runner) {
        KafkaStreams.State st = runner.state();
        boolean up = st == KafkaStreams.State.RUNNING
                || st == KafkaStreams.State.REBALANCING
                || st == KafkaStreams.State.CREATED;
        return new HealthCheck.Component(up, st.name());
    }

    /** The latest bars, Greeks and books, answered here or forwarded to the instance that owns the key. */
    void routes(HttpEdge http, Forwarder forwarder, InstrumentCatalog catalog) {
        http.get("/v1/bars/latest", new LatestBarRoute(barState, forwarder, catalog));
        http.get("/v1/greeks/latest", new GreeksLatestRoute(greeks, forwarder));
        http.get("/v1/book", new BookRoute(books, forwarder));
        SummaryConfig summaries = analytics == null ? null : analytics.summaries();
        http.get(
                SUMMARIES_LATEST,
                new LatestAnalyticsRoute(
                        SUMMARIES_LATEST,
                        "summary",
                        "--summaries",
                        summaries == null ? null : latest(SummaryTopology.LATEST_STORE),
                        LatestAnalyticsRoute.windowPrefix(
                                summaries == null ? List.of(Duration.ofSeconds(60)) : summaries.windows()),
                        forwarder,
                        catalog));
        FeatureConfig features = analytics == null ? null : analytics.features();
        http.get(
                FEATURES_LATEST,
                new LatestAnalyticsRoute(
                        FEATURES_LATEST,
                        "feature set",
                        "--features",
                        features == null ? null : latest(FeatureTopology.LATEST_STORE),
                        LatestAnalyticsRoute.intervalPrefix(
                                features == null ? Set.of(BarInterval.M1) : features.intervals()),
                        forwarder,
                        catalog));
        decisionRoutes(http);
    }

    private void decisionRoutes(HttpEdge http) {
        if (decisionOutputs != null) decisionOutputs.routes(http);
    }

    private LatestValueQueries latest(String store) {
        return new LatestValueQueries(analyticsRunner.streams(), self, store);
    }

    /** Blocks until the bar application is RUNNING or the timeout passes; false if it did not get there. */
    boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (bars.state() == KafkaStreams.State.RUNNING) return true;
            Thread.sleep(50); // the state listener is the runner's; polling a state field here is enough
        }
        return false;
    }

    /** Closes every open bar and waits until that is committed; true if done before the deadline. */
    boolean drain(long deadlineNanos) {
        return bars.drain(Platform.remaining(deadlineNanos));
    }

    TopologyConfig config() {
        return config;
    }

    StreamsRunner bars() {
        return bars;
    }

    /** What the analytics application computes; null when it is off. */
    PlatformSpec.AnalyticsSpec analytics() {
        return analytics;
    }

    /** The decision sinks and gate inputs; null without decisions. */
    DecisionOutputs decisionOutputs() {
        return decisionOutputs;
    }

    BarStateQueries barState() {
        return barState;
    }
}
