package dev.ticktape.persistence;

import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events of one type ({@link SinkRoute}: final bars, Greeks snapshots, executions) from their topics into an
 * {@link EventSink}: at-least-once delivery, exactly-once rows. Run one worker per event type and database, each
 * with its own consumer group.
 *
 * <p>One thread owns the consumer. It polls, decodes each record into a batch and flushes the batch when it holds
 * {@link SinkConfig#maxBatchRows()} records, when its oldest record is {@link SinkConfig#maxBatchDelay()} old, or
 * as soon as a poll returns nothing. A flush writes the batch in one database transaction, waits for the acks of
 * its dead letters, and only then commits the offsets it covers. The sink upserts, so a batch that was written but
 * not committed (the process died in between) is simply written again on restart.
 *
 * <p>When the write fails nothing is committed and the consumer seeks back to the start of the batch. The failure
 * is classified ({@link SinkErrors}): on a retriable one (connection refused or reset, timeout, server shutting
 * down, unknown) the worker pauses its partitions for a capped exponential backoff, still polling so it stays in
 * the group but receiving nothing (memory stays bounded), then resumes and re-reads the batch: a database outage
 * stalls this sink only (other sinks use other groups) and loses or duplicates nothing. A permanent one
 * (authentication, privileges, schema mismatch, unknown database) stops the worker with one error line and
 * {@link #failure()} set; the uncommitted batch is re-read by the next start. Records that do not decode as
 * the route's type go to the dead-letter topic and are counted; they never stop the worker. Reads {@code read_committed},
 * because the topology produces with exactly-once.
 */
public final class SinkWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final SinkConfig config;
    private final Binding<?> binding;
    private final String name;
    private final SinkMetrics metrics;
    private final EventCodec codec = new EventCodec();
    private final PendingBatch batch = new PendingBatch();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean stopping;
    private volatile boolean abandoned;
    private volatile Throwable failure;
    private DeadLetterPublisher deadLetters;
    private Thread thread;
    private int consecutiveFailures;
    private long resumeAtNanos;
    private boolean paused;

    /** A worker storing final bars. */
    public SinkWorker(SinkConfig config, BarSink sink, MeterRegistry registry) {
        this(config, SinkRoute.BARS, sink, registry);
    }

    /** A worker storing the events of {@code route} into {@code sink}. */
    public <T extends MarketEvent> SinkWorker(SinkConfig config, SinkRoute<T> route, EventSink<T> sink,
                                              MeterRegistry registry) {
        this.config = config;
        this.binding = new Binding<>(route, sink);
        this.name = sink.name();
        this.metrics = new SinkMetrics(registry, name, route.tables());
    }

    /** Creates the Kafka clients (so configuration errors surface here) and starts the consumer thread. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        consumer = new KafkaConsumer<>(consumerProperties());
        deadLetters = new DeadLetterPublisher(new KafkaProducer<>(producerProperties()), config.dlqTopic(), codec,
                Duration.ofSeconds(30));
        thread = new Thread(this::run, "ticktape-sink-" + name);
        thread.start();
    }

    /** Stops after a final flush and commit, closes the Kafka clients, and waits up to 30 s for the thread. */
    @Override
    public void close() {
        stop(false);
        awaitTermination(Duration.ofSeconds(30));
    }

    /**
     * Stops without the final flush or commit, as if the process died: whatever was consumed since the last
     * commit is consumed again by the next worker of the group. For crash tests.
     */
    void abandon() {
        stop(true);
        awaitTermination(Duration.ofSeconds(30));
    }

    private synchronized void stop(boolean abandon) {
        if (thread == null || stopping) return;
        abandoned = abandon;
        stopping = true;
        consumer.wakeup();
    }

    /** Waits for the consumer thread to finish; true when it has (or never started). */
    public boolean awaitTermination(Duration timeout) {
        synchronized (this) {
            if (thread == null) return true;
        }
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The error that ended the consumer thread, if it ended by one. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        log.info("sink {} started: group {}, topics {}", name, config.groupId(), config.topics());
        try {
            consumer.subscribe(config.topics(), new FlushOnRebalance());
            while (!stopping) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // close() or abandon(): the loop condition decides what follows
                }
            }
            if (!abandoned && failure == null) finalFlush();
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("sink {} stopped by an unexpected error", name, e);
        } finally {
            closeClients();
            terminated.countDown();
            log.info("sink {} stopped{}", name, abandoned ? " without final commit" : "");
        }
    }

    /** One last write and commit; a wakeup still pending from {@link #stop} may abort the first commit. */
    private void finalFlush() {
        for (int attempt = 0; attempt < 2 && !batch.isEmpty(); attempt++) {
            try {
                flush(false);
            } catch (WakeupException e) {
                // consumed now; the batch is intact, so the second attempt rewrites it and commits
            }
        }
    }

    private void pollOnce() {
        long maxDelayNanos = config.maxBatchDelay().toNanos();
        if (paused && System.nanoTime() - resumeAtNanos >= 0) resume();
        Duration timeout = paused ? Duration.ofNanos(Math.min(IDLE_POLL.toNanos(),
                Math.max(0, resumeAtNanos - System.nanoTime())))
                : batch.isEmpty() ? IDLE_POLL
                : Duration.ofNanos(Math.max(0, maxDelayNanos - (System.nanoTime() - batch.startedNanos())));
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        sampleLag();
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) accept(r, now);
        if (!batch.isEmpty() && (records.isEmpty() || batch.isDue(now, config.maxBatchRows(), maxDelayNanos))) {
            flush(true);
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
        byte[] raw = record.value() == null ? new byte[0] : record.value();
        try {
            MarketEvent event = codec.decode(raw, 0, raw.length, EventCodec.DEFAULT_VENUE);
            String table = binding.tableOf(event);
            if (table != null) {
                batch.addEvent(record, event, table, nowNanos);
                return;
            }
            reject(record, raw, new InvalidEventException(RejectReason.UNKNOWN_TYPE,
                    "expected " + binding.route().label() + ", got type '" + event.type() + "'"), nowNanos);
        } catch (InvalidEventException e) {
            reject(record, raw, e, nowNanos);
        }
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, byte[] raw, InvalidEventException e,
                        long nowNanos) {
        metrics.rejected(e.reason());
        log.debug("rejected {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.reason().code());
        Future<RecordMetadata> ack;
        try {
            ack = deadLetters.publish(record, raw, e, System.currentTimeMillis());
        } catch (KafkaException sendError) {
            // Fails the batch at flush time, so the record is re-read rather than skipped.
            ack = CompletableFuture.failedFuture(sendError);
        }
        batch.addDeadLetter(record, ack, nowNanos);
    }

    /**
     * Writes the batch, then commits its offsets. On a write failure the consumer is rewound to the start of the
     * batch; {@code backoff} says whether to wait before the retry (not inside a rebalance callback).
     */
    private void flush(boolean backoff) {
        long start = System.nanoTime();
        try {
            binding.write(batch.events());
            deadLetters.awaitAcks(batch.deadLetters());
        } catch (SinkWriteException | DeadLetterPublisher.DeadLetterException e) {
            metrics.error();
            SinkErrors.Kind kind = e instanceof SinkWriteException ? SinkErrors.classify(e) : SinkErrors.Kind.RETRIABLE;
            int records = batch.records();
            rewind(batch.firstOffsets().keySet());
            if (kind == SinkErrors.Kind.PERMANENT) {
                failure = new SinkWriteException("sink " + name + " stopped by a permanent error: "
                        + SinkErrors.describe(e), e);
                log.error("sink {} stopped by a permanent error, fix it and restart: {}", name,
                        SinkErrors.describe(e));
                stopping = true;
                return;
            }
            consecutiveFailures++;
            metrics.retry();
            long waitMs = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(consecutiveFailures - 1, 10));
            if (consecutiveFailures == 1) {
                // One line per failure streak; the retries counter and the paused gauge tell the rest.
                log.warn("sink {}: batch of {} records not stored ({} error), pausing and retrying with backoff up "
                        + "to {} ms: {}", name, records, kind.name().toLowerCase(Locale.ROOT),
                        MAX_BACKOFF_MS, SinkErrors.describe(e));
            }
            if (backoff) pauseFor(waitMs);
            return;
        }
        long committedAt = System.currentTimeMillis();
        metrics.batch(batch.records(), System.nanoTime() - start);
        batch.rowsPerTable().forEach((table, rows) -> metrics.written(table, rows, committedAt));
        if (consecutiveFailures > 0) log.warn("sink {} writing again after {} failed attempts", name,
                consecutiveFailures);
        consecutiveFailures = 0;
        try {
            consumer.commitSync(batch.nextOffsets());
        } catch (WakeupException e) {
            // Stopping: the batch stays, the final flush rewrites it (idempotent) and commits.
            throw e;
        } catch (KafkaException e) {
            // The rows are durable; a later commit covers these offsets, or the next owner rewrites them.
            metrics.error();
            log.warn("sink {}: offset commit failed (rows are stored; the next commit covers them): {}",
                    name, e.getMessage());
        }
        batch.clear();
    }

    private void rewind(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> first = batch.firstOffsets();
        for (TopicPartition tp : partitions) {
            if (consumer.assignment().contains(tp)) consumer.seek(tp, first.get(tp));
        }
        batch.clear();
    }

    /** Stops fetching until the backoff has passed; polls go on (group membership) but return nothing. */
    private void pauseFor(long millis) {
        consumer.pause(consumer.assignment());
        resumeAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        paused = true;
        metrics.paused(true);
    }

    private void resume() {
        consumer.resume(consumer.paused());
        paused = false;
        metrics.paused(false);
    }

    private void sampleLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) lag += consumer.currentLag(tp).orElse(0);
        metrics.lag(lag);
    }

    private void closeClients() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            log.warn("sink {}: consumer close failed: {}", name, e.getMessage());
        }
        deadLetters.close();
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ticktape-sink-" + name);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxBatchRows()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(config.kafkaOverrides());
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ticktape-sink-" + name + "-dlq");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(config.kafkaOverrides());
        return p;
    }

    /** Commits what is stored before partitions move, so the next owner starts where this one stopped. */
    private final class FlushOnRebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!batch.isEmpty() && !abandoned) flush(false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) consumer.pause(partitions); // still backing off: new partitions wait too
            log.info("sink {} assigned {} partitions", name, partitions.size());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Offsets cannot be committed any more; keep only the retained partitions' records by re-reading them.
            Set<TopicPartition> retained = new HashSet<>(batch.firstOffsets().keySet());
            retained.removeAll(partitions);
            rewind(retained);
        }
    }

    /** A route and a sink of the same event type, so the worker can stay untyped. */
    private record Binding<T extends MarketEvent>(SinkRoute<T> route, EventSink<T> sink) {
        /** The event's table, or null when the route does not take the event. */
        String tableOf(MarketEvent event) {
            T accepted = route.accept(event);
            return accepted == null ? null : route.table().apply(accepted);
        }

        /** Every event was accepted by {@link #tableOf}, so the casts cannot fail. */
        void write(List<MarketEvent> events) {
            sink.write(events.stream().map(route.type()::cast).toList());
        }
    }
}
