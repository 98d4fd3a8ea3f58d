package dev.ticktape.topology.runtime;

import dev.ticktape.topology.StreamsApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link KafkaStreams} client that runs one {@link StreamsApp} (the bars, or the options and books):
 * exactly-once v2, 100 ms commits, settings tuned for throughput, one log line per state transition, and a
 * fatal-error policy of shutting the client down (a half-running topology would silently stop producing bars).
 * Kafka's own metrics are bound to the registry.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    /** Record cache shared by the stores; big enough that per-trade writes stay in it between commits. */
    static final long CACHE_BYTES = 32L * 1024 * 1024;
    /** Stream threads replaced after an error, at most this many per window, before the client shuts down. */
    static final int MAX_REPLACEMENTS = 5;

    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final StreamsApp app;
    private final Properties props;
    private final String applicationId;
    private final ThreadReplacements replacements =
            new ThreadReplacements(MAX_REPLACEMENTS, REPLACEMENT_WINDOW, System::nanoTime);

    /**
     * @param app               the application to run
     * @param bootstrapServers  Kafka bootstrap servers
     * @param stateDir          directory for local state (changelog-backed, safe to lose)
     * @param threads           {@code num.stream.threads}, at least 1
     * @param replicationFactor for internal topics; -1 uses the broker default
     * @param overrides         Kafka Streams/client settings applied last, so they win over everything here
     */
    public StreamsRunner(
            StreamsApp app,
            MeterRegistry registry,
            String bootstrapServers,
            Path stateDir,
            int threads,
            int replicationFactor,
            Properties overrides) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        log.debug("Topology:\n{}", app.topology().describe());
        this.app = app;
        this.applicationId = app.applicationId();
        this.props = properties(applicationId, bootstrapServers, stateDir, threads, replicationFactor, overrides);
        this.streams = new KafkaStreams(app.topology(), props);
        streams.setStateListener((now, before) -> log.info("Streams {} state {} -> {}", applicationId, before, now));
        streams.setUncaughtExceptionHandler(e -> {
            if (replacements.tryReplace()) {
                log.error(
                        "Streams {} lost a stream thread; replacing it ({} of {} allowed in {} min)",
                        applicationId,
                        replacements.inWindow(),
                        replacements.max(),
                        REPLACEMENT_WINDOW.toMinutes(),
                        e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error(
                    "Streams {} hit a fatal error after {} thread replacements in {} min; shutting the client down",
                    applicationId,
                    replacements.max(),
                    REPLACEMENT_WINDOW.toMinutes(),
                    e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
    }

    static Properties properties(
            String applicationId,
            String bootstrapServers,
            Path stateDir,
            int threads,
            int replicationFactor,
            Properties overrides) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // 50 ms: a bar is visible to the read_committed sinks one commit after it closes; 100 ms put bar p99 at
        // 469-473 ms, 50 ms at 411-428 ms with the same throughput (docs/operations.md). 20-25 ms cost too much.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        // The trade task reads md.trades and the (nearly always empty) re-key topic. With idling enabled, Streams
        // formats a "waiting for partition" message for every record it processes; ordering across the two
        // inputs does not matter here (bars follow ts_ms within grace), so never idle.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.put("processing.exception.handler.global.enabled", true); // the 5.0 default; no global stores here
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        if (overrides != null) p.putAll(overrides);
        return p;
    }

    public void start() {
        streams.start();
    }

    /**
     * Closes every open bar and waits until that is committed: asks the bar processors to flush all open bars at
     * each punctuation, then waits until the application has committed its input up to the end of every input
     * partition, every processor has flushed after that, and two more commits have completed (so the flushed
     * bars are in a committed transaction). Call it after the producers stopped; input that still arrives is
     * processed and flushed as well. Returns false if {@code timeout} passed first (one WARN line says what was
     * missing). Processing continues afterwards; {@link #close(Duration)} stops it.
     */
    public boolean drain(Duration timeout) {
        StreamsApp.Drain drain = app.drain();
        if (drain == null) return true;
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        drain.signal().request();
        log.info("Streams {} draining: closing every open bar", applicationId);
        String missing = "input not consumed";
        try (Admin admin = Admin.create(new StreamsConfig(props).getAdminConfigs(applicationId + "-drain"))) {
            while (System.nanoTime() < deadline) {
                long checked = System.nanoTime();
                if (!inputConsumed(admin, drain.inputTopics())) {
                    missing = "input not consumed";
                } else if (!awaitUntil(() -> drain.signal().allFlushedSince(checked), deadline)) {
                    missing = "open bars not flushed";
                } else {
                    double commits = commitTotal();
                    if (!awaitUntil(() -> commitTotal() >= commits + 2, deadline)) {
                        missing = "flush not committed";
                    } else if (inputConsumed(admin, drain.inputTopics())) {
                        log.info("Streams {} drained in {} ms", applicationId, (System.nanoTime() - start) / 1_000_000);
                        return true;
                    }
                }
                pause(100);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            missing = e.toString();
        }
        log.warn("Streams {} drain timed out after {} ms: {}", applicationId, timeout.toMillis(), missing);
        return false;
    }

    /**
     * Waits until the application's committed offsets reach the current end of its inputs, without closing open
     * bars early: after a finite replay, its end ticks then close every bar as in normal processing, and a drain
     * that follows finds nothing left to force. Forcing bars closed while the backlog was still being processed
     * emitted minutes before all their seconds and revised them afterwards. True when caught up in time.
     */
    public boolean awaitInputConsumed(Duration timeout) {
        StreamsApp.Drain drain = app.drain();
        if (drain == null) return true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(new StreamsConfig(props).getAdminConfigs(applicationId + "-catch-up"))) {
            while (System.nanoTime() < deadline) {
                if (inputConsumed(admin, drain.inputTopics())) return true;
                pause(100);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("Streams {}: could not check its input offsets: {}", applicationId, e.toString());
        }
        return false;
    }

    /** True when the application's committed offsets reach the end of every partition of {@code topics}. */
    private boolean inputConsumed(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (var f : admin.describeTopics(topics).topicNameValues().values()) {
            TopicDescription d;
            try {
                d = f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                continue; // e.g. a repartition topic before Streams created it: nothing to consume there
            }
            for (TopicPartitionInfo p : d.partitions()) {
                ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(
                        ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long done = c == null ? 0 : c.offset();
            if (done < e.getValue().offset()) return false;
        }
        return true;
    }

    private double commitTotal() {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            if (m.getKey().name().equals("commit-total")
                    && m.getKey().group().equals("stream-thread-metrics")
                    && m.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return total;
    }

    private static boolean awaitUntil(BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadlineNanos) return false;
            pause(20);
        }
        return true;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops processing, commits, and leaves the group; true if it finished within {@code timeout}. */
    public boolean close(Duration timeout) {
        // A clean stop leaves the group so survivors take the partitions over now; static membership only spares
        // a crashed-and-restarted instance the session timeout.
        boolean done = streams.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        kafkaMetrics.close();
        return done;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The client, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }
}
