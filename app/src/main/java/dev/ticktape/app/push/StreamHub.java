package dev.ticktape.app.push;

import dev.ticktape.app.http.HttpEdge.Response;
import dev.ticktape.app.http.SseStream;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out behind {@code GET /v1/stream} (and any later SSE route): at most one {@link TopicFeed} per topic,
 * started by its first client and stopped after it has had none for {@link StreamLimits#idleLinger()}; a bounded
 * number of clients, each with its own queue and writer. Metrics: {@code ticktape.stream.clients} (connected) and
 * {@code ticktape.stream.clients.dropped{reason}} (slow_client, shutdown, source_failed).
 */
public final class StreamHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final KafkaSettings kafka;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final StreamLimits limits;
    private final Map<String, TopicFeed> feeds = new HashMap<>();
    private final Map<StreamClient, TopicFeed> clients = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final StreamClient.Listener listener = new StreamClient.Listener() {
        @Override
        public void ended(StreamClient c, String reason) {
            onEnded(c, reason);
        }

        @Override
        public void finished(StreamClient c) {
            clients.remove(c);
            slots.decrementAndGet();
        }
    };
    private volatile boolean closed;

    public StreamHub(KafkaSettings kafka, EventCodec codec, MeterRegistry registry, StreamLimits limits) {
        this.kafka = kafka;
        this.codec = codec;
        this.registry = registry;
        this.limits = limits;
        Gauge.builder("ticktape.stream.clients", clients, Map::size)
                .description("clients connected to the push API")
                .register(registry);
    }

    public StreamLimits limits() {
        return limits;
    }

    /**
     * Opens a stream of {@code topic} for one client, or answers why not (503 with {@code Retry-After} when full,
     * stopping, or the topic cannot be read). On success the client receives every matching record written to
     * the topic after this returns.
     */
    Response open(StreamKind kind, String topic, StreamFilter filter, int coalesceMs, SseStream stream)
            throws IOException {
        if (closed) return Response.error(503, "the server is stopping").withHeader("Retry-After", "5");
        if (slots.incrementAndGet() > limits.maxClients()) {
            slots.decrementAndGet();
            return Response.error(503, "too many stream clients (max " + limits.maxClients() + ")")
                    .withHeader("Retry-After", "5");
        }
        boolean started = false;
        StreamClient client = null;
        TopicFeed feed = null;
        try {
            client = new StreamClient(
                    ids.incrementAndGet(),
                    filter,
                    stream,
                    limits.queueEvents(),
                    limits.heartbeat(),
                    Duration.ofMillis(coalesceMs),
                    listener);
            feed = subscribe(topic, kind, client);
            stream.open(("retry: " + limits.retry().toMillis() + "\n: ticktape stream kind=" + kind.param() + " topic="
                            + topic + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            client.start();
            started = true;
            return null;
        } catch (RuntimeException e) {
            LOG.warn("cannot stream {}: {}", topic, e.toString());
            return Response.error(503, "cannot read " + topic + ": " + e.getMessage())
                    .withHeader("Retry-After", "5");
        } finally {
            if (!started) {
                if (feed != null) feed.remove(client);
                if (client != null) clients.remove(client);
                slots.decrementAndGet();
            }
        }
    }

    private synchronized TopicFeed subscribe(String topic, StreamKind kind, StreamClient client) {
        // Checked under the lock close() takes: a client added after close's snapshot would never be ended.
        if (closed) throw new IllegalStateException("the server is stopping");
        TopicFeed feed = feeds.get(topic);
        if (feed == null || !feed.alive()) {
            feed = new TopicFeed(topic, kind, codec, kafka, limits.idleLinger(), this::retire);
            feeds.put(topic, feed);
            LOG.info("stream feed for {} started", topic);
        }
        clients.put(client, feed);
        feed.add(client);
        return feed;
    }

    /** Asked by an idle feed: may it stop? Yes unless a client joined meanwhile (both under this lock). */
    private synchronized boolean retire(TopicFeed feed) {
        if (!feed.idle()) return false;
        feeds.remove(feed.topic(), feed);
        LOG.info("stream feed for {} stopped: no clients", feed.topic());
        return true;
    }

    private void onEnded(StreamClient c, String reason) {
        TopicFeed feed = clients.get(c);
        if (feed != null) feed.remove(c);
        if (StreamClient.CLIENT_CLOSED.equals(reason)) return;
        Counter.builder("ticktape.stream.clients.dropped")
                .tag("reason", reason)
                .description("push API clients the server disconnected")
                .register(registry)
                .increment();
        if (StreamClient.SLOW_CLIENT.equals(reason)) {
            LOG.info(
                    "stream client {} dropped: fell {} events behind after {} sent",
                    c.id(),
                    limits.queueEvents(),
                    c.sent());
        }
    }

    /** Ends every stream (each gets {@code shutdown}) and stops every feed, its thread within a second. */
    @Override
    public void close() {
        List<TopicFeed> stopping;
        List<StreamClient> open;
        synchronized (this) {
            if (closed) return;
            closed = true;
            stopping = List.copyOf(feeds.values());
            feeds.clear();
            open = List.copyOf(clients.keySet());
        }
        open.forEach(c -> c.end(StreamClient.SHUTDOWN));
        stopping.forEach(TopicFeed::stop);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            for (TopicFeed f : stopping) {
                if (!f.join(Duration.ofSeconds(1))) LOG.warn("stream feed for {} did not stop in 1 s", f.topic());
            }
            for (StreamClient c : open) {
                c.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
