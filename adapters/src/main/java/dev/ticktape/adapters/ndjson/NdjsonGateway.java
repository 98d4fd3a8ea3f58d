package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The NDJSON gateway: TCP listener, file tailers and stdin, all through one {@link LineHandler}, one in-flight
 * budget and one set of metrics, publishing to an {@link EventPublisher} the caller owns (and closes).
 *
 * <pre>{@code
 * try (NdjsonGateway gw = new NdjsonGateway(GatewayConfig.defaults(), publisher, registry)) {
 *     gw.start();                                   // 127.0.0.1:9009
 *     gw.tail(Path.of("trades.ndjson"), false).awaitCompletion(Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class NdjsonGateway implements AutoCloseable {
    private final GatewayConfig config;
    private final EventPublisher publisher;
    private final InflightBudget budget;
    private final GatewayMetrics metrics;
    private final LineHandler lineHandler;
    private final NdjsonTcpServer server;
    private final List<FileTailer> tailers = new CopyOnWriteArrayList<>();

    public NdjsonGateway(GatewayConfig config, EventPublisher publisher, MeterRegistry registry) {
        this(config, publisher, registry, new EventCodec(), Clock.systemUTC());
    }

    public NdjsonGateway(
            GatewayConfig config, EventPublisher publisher, MeterRegistry registry, EventCodec codec, Clock clock) {
        this.config = config;
        this.publisher = publisher;
        this.budget = new InflightBudget(config.inflight());
        this.metrics = new GatewayMetrics(registry, budget);
        this.lineHandler = new LineHandler(config, codec, publisher, budget, metrics, clock);
        this.server = new NdjsonTcpServer(config, lineHandler, budget, metrics);
    }

    /** Starts the TCP listener. */
    public void start() throws InterruptedException {
        server.start();
    }

    /** The bound TCP port (after {@link #start()}). */
    public int port() {
        return server.port();
    }

    /** Starts tailing {@code file} ({@code --tail}, with {@code follow} for {@code --tail-follow}). */
    public FileTailer tail(Path file, boolean follow) {
        FileTailer tailer = new FileTailer(file, follow, lineHandler, budget, FileTailer.DEFAULT_POLL_INTERVAL);
        tailers.add(tailer);
        tailer.start();
        return tailer;
    }

    /** Reads {@code in} (stdin) to its end on the calling thread. */
    public LineSession readStream(InputStream in) throws IOException, InterruptedException {
        return new NdjsonStreamReader(lineHandler, budget).readAll(in, LineSource.STDIN);
    }

    public InflightBudget budget() {
        return budget;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public GatewayConfig config() {
        return config;
    }

    /**
     * Stops accepting connections, closes the open ones (their received lines are handled), stops tailers, then
     * flushes the publisher so every handed-off line is acknowledged or failed. Does not close the publisher.
     */
    @Override
    public void close() {
        server.close();
        for (FileTailer t : tailers) t.close();
        publisher.flush();
    }
}
