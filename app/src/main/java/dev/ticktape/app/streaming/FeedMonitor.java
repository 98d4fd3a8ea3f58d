package dev.ticktape.app.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every adapter connection on the {@link StatusBoard}: a feed whose last data message is older than its
 * heartbeat timeout while its market is open becomes {@code stale}; when data flows again it is {@code recovered}.
 * Each transition is one record on {@code md.alerts}, one log line and a metric.
 */
public final class FeedMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedMonitor.class);
    public static final String ALERT = "feed_stale";

    private final StatusBoard board;
    private final Duration defaultTimeout;
    private final Map<String, Duration> timeouts;
    private final KafkaProducer<byte[], byte[]> producer;
    private final MeterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, AtomicInteger> stale = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feed-monitor");
        t.setDaemon(true);
        return t;
    });

    /** @param timeouts per-venue heartbeat timeouts; others use {@code defaultTimeout} */
    public FeedMonitor(
            StatusBoard board,
            Duration defaultTimeout,
            Map<String, Duration> timeouts,
            KafkaSettings kafka,
            MeterRegistry registry) {
        this.board = board;
        this.defaultTimeout = defaultTimeout;
        this.timeouts = Map.copyOf(timeouts);
        this.registry = registry;
        Map<String, Object> d = new HashMap<>();
        d.put("acks", "all");
        d.put("enable.idempotence", "true");
        d.put("client.id", "ticktape-alerts");
        this.producer = new KafkaProducer<>(kafka.client(d), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        long now = System.currentTimeMillis();
        for (StatusBoard.Entry e : board.snapshot().values()) {
            String key = e.venue() + ":" + e.connection();
            AtomicInteger flag = stale.computeIfAbsent(key, k -> registerGauge(e));
            long timeout = timeouts.getOrDefault(e.venue(), defaultTimeout).toMillis();
            long age = now - e.lastMessageMs();
            boolean isStale = e.marketOpen() && age > timeout;
            if (isStale && flag.compareAndSet(0, 1)) {
                transition(e, "stale", age, timeout);
            } else if (!isStale && e.marketOpen() && flag.compareAndSet(1, 0)) {
                transition(e, "recovered", age, timeout);
            }
        }
    }

    private AtomicInteger registerGauge(StatusBoard.Entry e) {
        AtomicInteger flag = new AtomicInteger();
        Gauge.builder("ticktape.feed.stale", flag, AtomicInteger::get)
                .tag("venue", e.venue())
                .tag("connection", e.connection())
                .description("1 while the feed is stale")
                .register(registry);
        return flag;
    }

    private void transition(StatusBoard.Entry e, String state, long age, long timeout) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("type", "alert");
        alert.put("alert", ALERT);
        alert.put("state", state);
        alert.put("venue", e.venue());
        alert.put("connection", e.connection());
        alert.put("ts_ms", System.currentTimeMillis());
        alert.put("last_message_ms", e.lastMessageMs());
        alert.put("age_ms", age);
        alert.put("timeout_ms", timeout);
        alert.put("adapter_state", e.state().name().toLowerCase(Locale.ROOT));
        try {
            byte[] key = (e.venue() + ":" + e.connection()).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.ALERTS, key, json.writeValueAsBytes(alert)));
        } catch (Exception ex) {
            LOG.warn("could not publish alert: {}", ex.toString());
        }
        Counter.builder("ticktape.alerts")
                .tag("alert", ALERT)
                .tag("state", state)
                .register(registry)
                .increment();
        LOG.warn("feed {}:{} {}: last data {} ms ago (timeout {} ms)", e.venue(), e.connection(), state, age, timeout);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
