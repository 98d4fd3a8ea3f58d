package dev.ticktape.persistence;

import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events of one type ({@link SinkRoute}: final bars, Greeks snapshots, executions, summaries, feature sets,
 * status records, gaps) from their topics into an {@link EventSink}: at-least-once delivery, exactly-once rows. Run one
 * worker per event type and database, each with its own consumer group.
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
 *
 * <p>{@link #close()} stops at once with a final flush of what was polled; {@link #drain(Duration)} first catches
 * up with the end offsets of the assigned partitions (for a clean shutdown that leaves nothing behind).
 */
public final class SinkWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /**
     * With rows waiting, a poll this short that comes back empty means the input has gone quiet: the batch is
     * written then instead of at its maximum age. Bars arrive in bursts (one exactly-once commit per close), so
     * this takes the batch delay off every bar's latency without shrinking batches under steady load.
     */
    private static final Duration QUIET_POLL = Duration.ofMillis(10);

    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** Longest single end-offset or position lookup while draining, so the deadline is checked in between. */
    private static final Duration DRAIN_LOOKUP = Duration.ofSeconds(5);

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
    private volatile Drain drain;
    private DeadLetterPublisher deadLetters;
    private Thread thread;
    private int consecutiveFailures;
    private long resumeAtNanos;
    private boolean paused;
    /**
     * Set by the rebalance callbacks: true after an assignment, false from a revocation until the next one. Before
     * the first join the assignment is empty, which a drain must not take for "nothing to drain".
     */
    private boolean assignmentKnown;

    /** A worker storing final bars. */
    public SinkWorker(SinkConfig config, BarSink sink, MeterRegistry registry) {
        this(config, SinkRoute.BARS, sink, registry);
    }

    /** A worker storing the events of {@code route} into {@code sink}. */
    public <T extends MarketEvent> SinkWorker(
            SinkConfig config, SinkRoute<T> route, EventSink<T> sink, MeterRegistry registry) {
        this.config = config;
        this.binding = new Binding<>(route, sink);
        this.name = sink.name();
        this.metrics = new SinkMetrics(registry, name, route.tables());
    }

    /** Creates the Kafka clients (so configuration errors surface here) and starts the consumer thread. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        consumer = new KafkaConsumer<>(consumerProperties());
        deadLetters = new DeadLetterPublisher(
                new KafkaProducer<>(producerProperties()), config.dlqTopic(), codec, Duration.ofSeconds(30));
        thread = new Thread(this::run, "ticktape-sink-" + name);
        thread.start();
    }

    /** Stops after a final flush and commit, closes the Kafka clients, and waits up to 30 s for the thread. */
    @Override
    public void close() {
        stop(false);
        awaitTermination(STOP_WAIT);
    }

    /**
     * Stops once everything up to the end of the assigned partitions is stored: blocks until, for every partition
     * assigned to this worker, its position has reached the partition's end offset (the last stable offset, as
     * it reads {@code read_committed}) as taken when the drain started or later, every polled record is written
     * and those offsets are committed; then stops like {@link #close()} and returns true. Records arriving after
     * the drain started are not waited for, though those polled meanwhile are stored too. Until the worker has
     * joined its group it has no assignment to drain, so the drain waits for the join.
     *
     * <p>If {@code timeout} passes first, logs one WARN line with the lag of each partition, stops like
     * {@link #close()} (final flush and commit of what it has polled) and returns false. The stop itself may take
     * up to 30 s more (a database write in progress, the final flush). Logs one INFO line when the drain starts
     * and one when it ends, with the rows written meanwhile and how long it took.
     *
     * <p>Safe to call from any thread but the worker's own; the checks run on the worker thread (the consumer is
     * not thread-safe). A second call while a drain runs waits for the same drain (and its deadline), and a call
     * after it returns its result. Returns true at once when the worker was never started; false when it was
     * stopping or stopped for another reason ({@link #close()}, an error).
     *
     * @param timeout how long to keep draining before giving up
     * @return whether every assigned partition was drained and committed before the worker stopped
     */
    public boolean drain(Duration timeout) {
        if (timeout == null || timeout.isNegative()) throw new IllegalArgumentException("timeout must be >= 0");
        Drain d;
        synchronized (this) {
            if (thread == null) return true;
            if (Thread.currentThread() == thread) throw new IllegalStateException("drain() from the sink's own thread");
            if (drain == null && !stopping) drain = new Drain(System.nanoTime(), timeout);
            d = drain;
        }
        if (d == null) {
            awaitTermination(STOP_WAIT);
            return false;
        }
        if (!awaitTermination(Duration.ofNanos(Math.max(0, d.deadlineNanos - System.nanoTime())))) {
            // The worker stops by itself at the deadline; this wakes it if a poll or commit still blocks.
            d.expired = true;
            stop(false);
            awaitTermination(STOP_WAIT);
        }
        return d.drained;
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
            return terminated.await(min(timeout, Duration.ofDays(365)).toNanos(), TimeUnit.NANOSECONDS);
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
                    Drain d = drain;
                    if (d != null && !stopping) drainStep(d);
                } catch (WakeupException e) {
                    // close() or abandon(): the loop condition decides what follows
                }
            }
            Drain d = drain;
            if (d != null && !d.drained && !abandoned) warnNotDrained(d);
            if (!abandoned && failure == null) finalFlush();
            if (d != null && !abandoned) logDrainEnd(d);
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
        Duration timeout = paused
                ? Duration.ofNanos(Math.min(IDLE_POLL.toNanos(), Math.max(0, resumeAtNanos - System.nanoTime())))
                : batch.isEmpty()
                        ? IDLE_POLL
                        : min(
                                QUIET_POLL,
                                Duration.ofNanos(
                                        Math.max(0, maxDelayNanos - (System.nanoTime() - batch.startedNanos()))));
        Drain d = drain;
        if (d != null) timeout = min(timeout, Duration.ofNanos(Math.max(0, d.deadlineNanos - System.nanoTime())));
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
            reject(
                    record,
                    raw,
                    new InvalidEventException(
                            RejectReason.UNKNOWN_TYPE,
                            "expected " + binding.route().label() + ", got type '" + event.type() + "'"),
                    nowNanos);
        } catch (InvalidEventException e) {
            reject(record, raw, e, nowNanos);
        }
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, byte[] raw, InvalidEventException e, long nowNanos) {
        metrics.rejected(e.reason());
        log.debug(
                "rejected {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                e.reason().code());
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
                failure = new SinkWriteException(
                        "sink " + name + " stopped by a permanent error: " + SinkErrors.describe(e), e);
                log.error("sink {} stopped by a permanent error, fix it and restart: {}", name, SinkErrors.describe(e));
                stopping = true;
                return;
            }
            consecutiveFailures++;
            metrics.retry();
            long waitMs = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(consecutiveFailures - 1, 10));
            if (consecutiveFailures == 1) {
                // One line per failure streak; the retries counter and the paused gauge tell the rest.
                log.warn(
                        "sink {}: batch of {} records not stored ({} error), pausing and retrying with backoff up "
                                + "to {} ms: {}",
                        name,
                        records,
                        kind.name().toLowerCase(Locale.ROOT),
                        MAX_BACKOFF_MS,
                        SinkErrors.describe(e));
            }
            if (backoff) pauseFor(waitMs);
            return;
        }
        long committedAt = System.currentTimeMillis();
        Drain d = drain;
        if (d != null && d.started) d.rows += batch.events().size();
        metrics.batch(batch.records(), System.nanoTime() - start);
        batch.rowsPerTable().forEach((table, rows) -> metrics.written(table, rows, committedAt));
        if (consecutiveFailures > 0)
            log.warn("sink {} writing again after {} failed attempts", name, consecutiveFailures);
        consecutiveFailures = 0;
        try {
            consumer.commitSync(batch.nextOffsets());
        } catch (WakeupException e) {
            // Stopping: the batch stays, the final flush rewrites it (idempotent) and commits.
            throw e;
        } catch (KafkaException e) {
            // The rows are durable; a later commit covers these offsets, or the next owner rewrites them.
            metrics.error();
            log.warn(
                    "sink {}: offset commit failed (rows are stored; the next commit covers them): {}",
                    name,
                    e.getMessage());
        }
        batch.clear();
    }

    /**
     * One drain check after a poll (worker thread). Caught up means every assigned partition's position reached
     * its target; then the pending batch is written at once instead of after the batch delay, and the positions
     * are committed: everything before them is stored, and unlike the last record's offset + 1 a position also
     * covers a trailing transaction marker, so the group shows no lag once drained.
     */
    private void drainStep(Drain d) {
        if (!d.started) {
            d.started = true;
            String state = "waiting for the partition assignment";
            if (assignmentKnown) {
                Map<TopicPartition, Long> lag = lag(d);
                state = lag.size() + " partitions, "
                        + lag.values().stream().mapToLong(Long::longValue).sum() + " records before their end offsets";
            }
            log.info("sink {} draining (timeout {} ms): {}", name, d.timeout.toMillis(), state);
        }
        if (caughtUp(d)) {
            if (!batch.isEmpty()) flush(true);
            // A failed flush rewound (not caught up any more) and paused, or stopped the worker.
            if (batch.isEmpty() && !paused && !stopping && commitPositions(d)) {
                d.drained = true;
                stopping = true;
                return;
            }
        }
        if (d.expired()) stopping = true;
    }

    /** Whether every assigned partition's position has reached its drain target (targets fetched on first sight). */
    private boolean caughtUp(Drain d) {
        if (!assignmentKnown) return false;
        Set<TopicPartition> assigned = consumer.assignment();
        if (!fetchTargets(d, assigned)) return false;
        for (TopicPartition tp : assigned) {
            Long position = position(tp, d);
            if (position == null || position < d.targets.get(tp)) return false;
        }
        return true;
    }

    /** End offsets of assigned partitions without a target yet; false when the lookup timed out. */
    private boolean fetchTargets(Drain d, Set<TopicPartition> assigned) {
        Set<TopicPartition> missing = new HashSet<>(assigned);
        missing.removeAll(d.targets.keySet());
        if (missing.isEmpty()) return true;
        try {
            d.targets.putAll(consumer.endOffsets(missing, d.lookupTimeout()));
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** The partition's position, or null while it is not known yet (committed offset still being fetched). */
    private Long position(TopicPartition tp, Drain d) {
        try {
            return consumer.position(tp, d.lookupTimeout());
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** Commits every assigned partition's position; the batch is empty, so all before them is stored. */
    private boolean commitPositions(Drain d) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            Long position = position(tp, d);
            if (position == null) return false;
            offsets.put(tp, new OffsetAndMetadata(position));
        }
        if (offsets.isEmpty()) return true;
        try {
            consumer.commitSync(offsets);
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("sink {}: offset commit while draining failed, retrying: {}", name, e.getMessage());
            return false;
        }
    }

    /** Records between each assigned partition's position and its drain target (or the last known end). */
    private Map<TopicPartition, Long> lag(Drain d) {
        Set<TopicPartition> assigned = consumer.assignment();
        fetchTargets(d, assigned);
        Map<TopicPartition, Long> out =
                new TreeMap<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (TopicPartition tp : assigned) {
            Long target = d.targets.get(tp);
            Long position = position(tp, d);
            if (target != null && position != null) {
                out.put(tp, Math.max(0, target - position));
            } else {
                consumer.currentLag(tp).ifPresent(l -> out.put(tp, l));
            }
        }
        return out;
    }

    private void warnNotDrained(Drain d) {
        String lag = "no partitions assigned yet";
        for (int attempt = 0; attempt < 2 && assignmentKnown; attempt++) {
            try {
                lag = lag(d).toString();
                break;
            } catch (WakeupException e) {
                lag = "unknown"; // the wakeup of a stop() arrived first; consumed now, so try once more
            } catch (KafkaException e) {
                lag = "unknown (" + e.getMessage() + ")";
                break;
            }
        }
        String why = failure != null ? "stopped by an error" : d.expired() ? "timed out" : "stopped by close()";
        log.warn(
                "sink {}: drain {} after {} ms before reaching the end offsets; lag per partition {}; "
                        + "stopping with a final flush",
                name,
                why,
                millisSince(d.startNanos),
                lag);
    }

    private void logDrainEnd(Drain d) {
        if (d.drained) {
            log.info(
                    "sink {} drained in {} ms: {} rows written, offsets committed up to the end offsets",
                    name,
                    millisSince(d.startNanos),
                    d.rows);
        } else {
            log.info(
                    "sink {} stopped without draining after {} ms: {} rows written (final flush included)",
                    name,
                    millisSince(d.startNanos),
                    d.rows);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
        for (TopicPartition tp : consumer.assignment())
            lag += consumer.currentLag(tp).orElse(0);
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
            assignmentKnown = false;
            if (!batch.isEmpty() && !abandoned) flush(false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Called after every rebalance, also with no partitions; until then the assignment is not final.
            assignmentKnown = true;
            if (paused) consumer.pause(partitions); // still backing off: new partitions wait too
            log.info("sink {} assigned {} partitions", name, partitions.size());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            assignmentKnown = false;
            // Offsets cannot be committed any more; keep only the retained partitions' records by re-reading them.
            Set<TopicPartition> retained = new HashSet<>(batch.firstOffsets().keySet());
            retained.removeAll(partitions);
            rewind(retained);
        }
    }

    /** A drain requested by {@link #drain}: created by the caller, advanced and finished by the worker thread. */
    private static final class Drain {
        final long startNanos;
        final long deadlineNanos;
        final Duration timeout;
        /** End offset per partition to reach; taken when the partition is first seen during the drain. */
        final Map<TopicPartition, Long> targets = new HashMap<>();

        boolean started;
        long rows;
        volatile boolean drained;
        /** Set by the caller when its wait ended first (its clock may run a hair ahead of the worker's check). */
        volatile boolean expired;

        Drain(long startNanos, Duration timeout) {
            this.startNanos = startNanos;
            this.timeout = timeout;
            this.deadlineNanos = startNanos + min(timeout, Duration.ofDays(365)).toNanos();
        }

        boolean expired() {
            return expired || System.nanoTime() - deadlineNanos >= 0;
        }

        /** A consumer lookup's timeout: what is left until the deadline, at most {@code DRAIN_LOOKUP}. */
        Duration lookupTimeout() {
            return min(DRAIN_LOOKUP, Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
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
