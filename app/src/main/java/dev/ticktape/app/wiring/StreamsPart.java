package dev.ticktape.app.wiring;

import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.BookRoute;
import dev.ticktape.app.http.Forwarder;
import dev.ticktape.app.http.GreeksLatestRoute;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.http.InstrumentCatalog;
import dev.ticktape.app.http.LatestBarRoute;
import dev.ticktape.topology.StreamsApp;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import dev.ticktape.topology.greeks.GreeksMetrics;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.BookQueries;
import dev.ticktape.topology.query.GreeksQueries;
import dev.ticktape.topology.runtime.StreamsRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The topology part: the bar application and, beside it, the options-and-books application (own tasks, thread
 * and transactions, so the options side cannot hold up bar commits), with their interactive queries and routes.
 */
final class StreamsPart {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TopologyConfig config;
    private final StreamsRunner bars;
    private final BarStateQueries barState;
    private final GreeksQueries greeks;
    private final BookQueries books;

    private StreamsPart(TopologyConfig config, StreamsRunner bars, StreamsRunner options, HostInfo self) {
        this.config = config;
        this.bars = bars;
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
    static StreamsPart start(PartContext ctx, HostInfo self) {
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
        return new StreamsPart(cfg, bars, options, self);
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

    BarStateQueries barState() {
        return barState;
    }
}
