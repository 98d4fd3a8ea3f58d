package dev.ticktape.app.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Received -> visible latency of one topic: a {@code read_committed} consumer from the end of every partition that
 * takes, for each record whose reference time (by default its {@code recv_ms}) lies in the measured window, the wall
 * clock at the poll that returned it minus that time. On the raw topic that is the broker-only floor of the same
 * records (adapter, producer linger and acks, fetch); on a topic written with exactly-once it adds the writer's
 * processing and commit. {@link #startBars} measures 1s bars from the end of their second instead.
 */
final class VisibilityProbe implements AutoCloseable {
    private static final byte[] RECV_FIELD = "\"recv_ms\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS_FIELD = "\"ts_ms\":".getBytes(StandardCharsets.US_ASCII);

    private final String topic;
    private final ToLongFunction<byte[]> reference;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Object lock = new Object();
    private long[] latencies = new long[1 << 16];
    private int count;
    private volatile long fromMs = Long.MAX_VALUE;
    private volatile long toMs = Long.MIN_VALUE;
    private volatile boolean stopping;

    private VisibilityProbe(String bootstrap, String topic, ToLongFunction<byte[]> reference) {
        this.topic = topic;
        this.reference = reference;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ticktape-bench-probe-" + topic);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30)))
            parts.add(new TopicPartition(topic, info.partition()));
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        thread = new Thread(this::run, "ticktape-bench-probe-" + topic);
        thread.setDaemon(true);
    }

    /** Starts reading {@code topic} from its end; nothing is counted until {@link #window}. */
    static VisibilityProbe start(String bootstrap, String topic) {
        return start(bootstrap, topic, VisibilityProbe::recvMs);
    }

    /** Like {@link #start}, for 1s bars: the reference time is the end of the bar's second ({@code ts_ms} + 1 s). */
    static VisibilityProbe startBars(String bootstrap, String topic) {
        return start(bootstrap, topic, v -> {
            long start = field(v, TS_FIELD);
            return start < 0 ? -1 : start + 1000;
        });
    }

    private static VisibilityProbe start(String bootstrap, String topic, ToLongFunction<byte[]> reference) {
        VisibilityProbe probe = new VisibilityProbe(bootstrap, topic, reference);
        probe.thread.start();
        return probe;
    }

    /** Counts records received in {@code [fromMs, toMs)} from now on. */
    void window(long fromMs, long toMs) {
        this.toMs = toMs;
        this.fromMs = fromMs;
    }

    String topic() {
        return topic;
    }

    private void run() {
        try {
            while (!stopping) {
                var records = consumer.poll(Duration.ofMillis(500));
                long now = System.currentTimeMillis();
                long from = fromMs;
                long to = toMs;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    long ref = reference.applyAsLong(r.value());
                    if (ref >= from && ref < to) add(now - ref);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void add(long ms) {
        synchronized (lock) {
            if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
            latencies[count++] = ms;
        }
    }

    /** Latency percentiles (nearest rank) of the records counted so far. */
    Percentiles percentiles() {
        long[] sorted;
        synchronized (lock) {
            sorted = Arrays.copyOf(latencies, count);
        }
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), rank(sorted, 1));
    }

    private static long rank(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * {@code recv_ms} of one encoded event, read straight from the bytes (the probe must cost far less than the
     * pipeline it measures); -1 when absent.
     */
    static long recvMs(byte[] v) {
        return field(v, RECV_FIELD);
    }

    /** The non-negative integer after {@code name} (a quoted field name and colon) in {@code v}; -1 when absent. */
    private static long field(byte[] v, byte[] name) {
        if (v == null) return -1;
        outer:
        for (int i = 0; i + name.length <= v.length; i++) {
            for (int j = 0; j < name.length; j++) if (v[i + j] != name[j]) continue outer;
            long n = 0;
            int k = i + name.length;
            if (k >= v.length || v[k] < '0' || v[k] > '9') return -1;
            while (k < v.length && v[k] >= '0' && v[k] <= '9') n = n * 10 + (v[k++] - '0');
            return n;
        }
        return -1;
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Nearest-rank percentiles in milliseconds over {@code records}. */
    record Percentiles(long records, long p50, long p95, long p99, long max) {}
}
