package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.broker.LogCapture;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SinkWorker#drain}: against the shared in-process broker and a real DuckDB file; what is stored is checked
 * with plain SQL, what is committed with the admin client.
 */
@ExtendWith(SharedKafkaBroker.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SinkWorkerDrainIT {
    private static final long T0 = 1_700_000_040_000L; // minute-aligned
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT"};
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern ROWS = Pattern.compile("drained in \\d+ ms: (\\d+) rows written");

    private final EventCodec codec = new EventCodec();
    private final List<SinkWorker> workers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @TempDir
    Path dir;

    private String topic1s;
    private String topic1m;
    private SinkConfig config;
    private DuckDbDatabase db;
    private LogCapture logs;

    @BeforeEach
    void setUp() throws SQLException {
        topic1s = SharedKafkaBroker.uniqueName("bars1s");
        topic1m = SharedKafkaBroker.uniqueName("bars1m");
        String dlq = SharedKafkaBroker.uniqueName("dlq");
        SharedKafkaBroker.createTopics(List.of(topic1s, topic1m, dlq), 3);
        SharedBrokerAdmin.awaitLeaders(List.of(topic1s, topic1m, dlq), 3, DEADLINE);
        config = SinkConfig.defaults(SharedKafkaBroker.bootstrapServers())
                .withGroupId(SharedKafkaBroker.uniqueName("sink"))
                .withTopics(List.of(topic1s, topic1m), dlq);
        db = DuckDbDatabase.open(dir.resolve("ticktape.duckdb"));
        logs = new LogCapture(SinkWorker.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            workers.forEach(SinkWorker::close);
            Collections.reverse(closeables); // senders stop before their producer closes
            for (AutoCloseable c : closeables) c.close();
        } finally {
            logs.close();
            db.close();
        }
    }

    @Test
    void drainCalledBeforeTheWorkerJoinedStoresEverythingCommittedAndCommitsToTheEnd() throws Exception {
        // As the topology produces: in transactions, one of them aborted, so the ends are past control markers.
        KafkaProducer<byte[], byte[]> producer = transactionalProducer();
        List<Bar> committed = bars(0, 3000, "committed");
        long revised = T0 + 10_000 * 1000L;
        List<Bar> revisions = List.of(
                revision(revised, 0),
                revision(revised, 1),
                revision(revised, 2),
                revision(revised, 1)); // a stale older revision arriving last must not win
        producer.beginTransaction();
        send(producer, committed);
        producer.commitTransaction();
        producer.beginTransaction();
        send(producer, bars(5000, 200, "aborted"));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        send(producer, revisions);
        producer.commitTransaction();

        SinkWorker worker = start(new DuckDbBarSink(db));
        boolean drained = worker.drain(DEADLINE);

        assertThat(drained).isTrue();
        assertThat(worker.awaitTermination(Duration.ZERO))
                .as("stopped after the drain")
                .isTrue();
        assertThat(worker.failure()).isEmpty();
        assertThat(count("SELECT count(*) FROM ohlc_1s WHERE source_file = 'committed'")
                        + count("SELECT count(*) FROM ohlc_1m WHERE source_file = 'committed'"))
                .isEqualTo(committed.size());
        assertThat(count("SELECT count(*) FROM ohlc_1s WHERE source_file = 'aborted'")
                        + count("SELECT count(*) FROM ohlc_1m WHERE source_file = 'aborted'"))
                .isZero();
        assertThat(query("SELECT revision || '/' || trades FROM ohlc_1s WHERE source_file = 'revised'"))
                .containsExactly("2/102");
        assertThat(committedOffsets())
                .as("committed up to the last stable offsets, markers included")
                .isEqualTo(endOffsets());
        assertThat(logs.lines("INFO", "draining")).hasSize(1);
        assertThat(logs.lines("INFO", "drained in")).singleElement().satisfies(line -> {
            Matcher m = ROWS.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            assertThat(Long.parseLong(m.group(1)))
                    .isPositive()
                    .isLessThanOrEqualTo(committed.size() + revisions.size());
        });
        assertThat(logs.lines("WARN", "drain")).isEmpty();
    }

    @Test
    void drainEndsAtTheEndOffsetsOfItsStartWhileRecordsKeepArriving() throws Exception {
        KafkaProducer<byte[], byte[]> producer = plainProducer();
        List<Bar> before = bars(0, 2000, "before");
        send(producer, before);
        awaitAcks(producer);
        SinkWorker worker = start(new DuckDbBarSink(db));
        await().atMost(DEADLINE).until(() -> count("SELECT count(*) FROM ohlc_1s") > 0); // joined and writing
        Background more = keepSending(producer, 100_000, "after");
        await().atMost(DEADLINE).until(() -> more.acked.get() > 500);

        boolean drained = worker.drain(DEADLINE);
        more.stop();

        assertThat(drained).isTrue();
        assertThat(count("SELECT count(*) FROM ohlc_1s WHERE source_file = 'before'")
                        + count("SELECT count(*) FROM ohlc_1m WHERE source_file = 'before'"))
                .isEqualTo(before.size());
        assertThat(more.acked.get())
                .as("records still arrived during the drain")
                .isGreaterThan(500);
    }

    @Test
    void drainGivesUpAtItsTimeoutWhenTheStoreCannotKeepUpAndLosesNothing() throws Exception {
        KafkaProducer<byte[], byte[]> producer = plainProducer();
        Background more = keepSending(producer, 0, "live");
        await().atMost(DEADLINE).until(() -> more.acked.get() > 200);
        AtomicBoolean refusing = new AtomicBoolean(true);
        SinkWorker worker = start(new Refusing(new DuckDbBarSink(db), refusing));
        await().atMost(DEADLINE).until(() -> !logs.lines("INFO", "assigned").isEmpty());

        Duration timeout = Duration.ofSeconds(3);
        long start = System.nanoTime();
        boolean drained = worker.drain(timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(drained).isFalse();
        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(10));
        assertThat(worker.awaitTermination(Duration.ZERO))
                .as("stopped like close()")
                .isTrue();
        assertThat(logs.lines("WARN", "drain timed out"))
                .singleElement()
                .satisfies(
                        line -> assertThat(line).contains("lag per partition {").contains(topic1s + "-0="));
        assertThat(logs.lines("INFO", "stopped without draining")).hasSize(1);
        assertThat(count("SELECT count(*) FROM ohlc_1s"))
                .as("the store refused everything")
                .isZero();

        // Nothing was committed past what is stored: a working worker of the group stores every bar sent.
        more.stop();
        refusing.set(false);
        SinkWorker next = start(new DuckDbBarSink(db));
        assertThat(next.drain(DEADLINE)).isTrue();
        List<Bar> sent = new ArrayList<>(more.sent);
        assertThat(count("SELECT count(*) FROM ohlc_1s WHERE source_file = 'live'")
                        + count("SELECT count(*) FROM ohlc_1m WHERE source_file = 'live'"))
                .isEqualTo(sent.size());
        assertThat(committedOffsets()).isEqualTo(endOffsets());
    }

    @Test
    void aWorkerJoiningTheGroupDrainsOnlyOnceItHasItsPartitions() throws Exception {
        KafkaProducer<byte[], byte[]> producer = plainProducer();
        List<Bar> input = bars(0, 3000, "scale");
        send(producer, input);
        awaitAcks(producer);
        // The first member holds up the rebalance the second one causes until its first write returns, then
        // stores nothing more until told, so the second member's partitions still hold records to store.
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean refusing = new AtomicBoolean(true);
        config = config.withBatching(100, Duration.ofMillis(50));
        SinkWorker first = start(new Held(new DuckDbBarSink(db), writing, release, refusing));
        assertThat(writing.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        try (DuckDbDatabase otherDb = DuckDbDatabase.open(dir.resolve("second.duckdb"))) {
            SinkWorker second = start(new Renamed(new DuckDbBarSink(otherDb), "duckdb-second"));
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> second.drain(DEADLINE));
            await().atMost(DEADLINE)
                    .until(() ->
                            !logs.lines("INFO", "sink duckdb-second draining").isEmpty());
            assertThat(logs.lines("INFO", "sink duckdb-second draining"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("waiting for the partition assignment"));
            assertThat(drained)
                    .as("no assignment yet is not 'nothing to drain'")
                    .isNotDone();

            release.countDown();
            assertThat(drained.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(logs.lines("INFO", "sink duckdb-second drained in"))
                    .singleElement()
                    .satisfies(line -> {
                        Matcher m = ROWS.matcher(line);
                        assertThat(m.find()).as(line).isTrue();
                        assertThat(Long.parseLong(m.group(1)))
                                .as("rows the second member stored")
                                .isPositive();
                    });
            refusing.set(false);
            assertThat(first.drain(DEADLINE)).isTrue();

            Set<String> stored = new HashSet<>(keys(db));
            stored.addAll(keys(otherDb));
            assertThat(stored).hasSize(input.size());
            assertThat(committedOffsets()).isEqualTo(endOffsets());
        }
    }

    @Test
    void drainOfAWorkerNeverStartedIsTrueAndOfAClosedOneFalse() {
        SinkWorker idle = new SinkWorker(config, new DuckDbBarSink(db), new SimpleMeterRegistry());
        assertThat(idle.drain(Duration.ZERO)).isTrue();

        SinkWorker closed = start(new DuckDbBarSink(db));
        closed.close();
        assertThat(closed.drain(DEADLINE)).isFalse();
    }

    private SinkWorker start(BarSink sink) {
        SinkWorker worker = new SinkWorker(config, sink, new SimpleMeterRegistry());
        workers.add(worker);
        worker.start();
        return worker;
    }

    /** {@code n} bars with distinct keys from sequence {@code from}: 1s bars, every tenth a 1m bar. */
    private static List<Bar> bars(int from, int n, String source) {
        List<Bar> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            int step = i / SYMBOLS.length;
            double open = 100 + i % 13;
            if (i % 10 == 9) {
                out.add(new Bar(
                        BarInterval.M1,
                        "binance",
                        symbol,
                        T0 + step * 60_000L,
                        0,
                        open,
                        open + 3,
                        open - 2,
                        open + 1,
                        i,
                        i,
                        null,
                        source));
            } else {
                out.add(new Bar(
                        BarInterval.S1,
                        "binance",
                        symbol,
                        T0 + step * 1000L,
                        0,
                        open,
                        open + 1,
                        open - 1,
                        open,
                        0.5 * i,
                        i,
                        open + 0.25,
                        source));
            }
        }
        return out;
    }

    private static Bar revision(long tsMs, int revision) {
        return new Bar(
                BarInterval.S1,
                "binance",
                "BTCUSDT",
                tsMs,
                0,
                100,
                101,
                99,
                100,
                1,
                100 + revision,
                null,
                "revised",
                revision);
    }

    private KafkaProducer<byte[], byte[]> plainProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "40000");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        closeables.add(producer);
        return producer;
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, SharedKafkaBroker.uniqueName("drain-tx"));
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        closeables.add(producer);
        producer.initTransactions();
        return producer;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, List<Bar> bars) {
        for (Bar b : bars) producer.send(record(b));
    }

    private ProducerRecord<byte[], byte[]> record(Bar b) {
        String topic = b.interval() == BarInterval.S1 ? topic1s : topic1m;
        return new ProducerRecord<>(topic, null, b.tsMs(), b.key().getBytes(StandardCharsets.UTF_8), codec.encode(b));
    }

    private static void awaitAcks(KafkaProducer<byte[], byte[]> producer) {
        producer.flush(); // a failed send would show up as a missing row
    }

    /** Bars sent from a thread of its own until stopped; {@link #sent} holds the acknowledged ones. */
    private static final class Background {
        final ConcurrentLinkedQueue<Bar> sent = new ConcurrentLinkedQueue<>();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> done;

        void stop() throws Exception {
            running.set(false);
            done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private Background keepSending(KafkaProducer<byte[], byte[]> producer, int from, String source) {
        Background bg = new Background();
        bg.done = CompletableFuture.runAsync(() -> {
            for (int next = from; bg.running.get(); next += 50) {
                for (Bar b : bars(next, 50, source)) {
                    producer.send(record(b), (md, e) -> {
                        if (e == null) {
                            bg.sent.add(b);
                            bg.acked.incrementAndGet();
                        }
                    });
                }
                producer.flush(); // paces the loop by the broker's acks
            }
        });
        closeables.add(() -> {
            bg.running.set(false);
            bg.done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        });
        return bg;
    }

    /** Keys of the stored "scale" bars of one file. */
    private static List<String> keys(DuckDbDatabase database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = database.openReader();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT '1s ' || symbol || ' ' || epoch_ms(\"timestamp\") FROM ohlc_1s WHERE source_file = 'scale' "
                                + "UNION ALL SELECT '1m ' || symbol || ' ' || epoch_ms(\"timestamp\") FROM ohlc_1m "
                                + "WHERE source_file = 'scale'")) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(query(sql).get(0));
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.openReader();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    private Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(SharedBrokerAdmin.adminProperties())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) out.put(tp, o.offset());
            });
            return out;
        }
    }

    /** Last stable offset of every partition of both bar topics. */
    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String t : List.of(topic1s, topic1m)) {
            for (int p = 0; p < 3; p++) request.put(new TopicPartition(t, p), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(SharedBrokerAdmin.adminProperties())) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** Blocks in its first write (after storing it) until released, then refuses writes while told to. */
    private static final class Held implements BarSink {
        private final BarSink delegate;
        private final CountDownLatch writing;
        private final CountDownLatch release;
        private final AtomicBoolean refusing;

        Held(BarSink delegate, CountDownLatch writing, CountDownLatch release, AtomicBoolean refusing) {
            this.delegate = delegate;
            this.writing = writing;
            this.release = release;
            this.refusing = refusing;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void write(List<Bar> batch) {
            if (writing.getCount() == 0) {
                if (refusing.get()) throw new SinkWriteException("database unavailable", null);
                delegate.write(batch);
                return;
            }
            delegate.write(batch);
            writing.countDown();
            try {
                if (!release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new SinkWriteException("never released", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkWriteException("interrupted", e);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Another name in logs and client ids, to tell two workers of one test apart. */
    private record Renamed(BarSink delegate, String name) implements BarSink {
        @Override
        public void write(List<Bar> batch) {
            delegate.write(batch);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Refuses every write while {@code refusing} is set, as a database that is down. */
    private static final class Refusing implements BarSink {
        private final BarSink delegate;
        private final AtomicBoolean refusing;

        Refusing(BarSink delegate, AtomicBoolean refusing) {
            this.delegate = delegate;
            this.refusing = refusing;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void write(List<Bar> batch) {
            if (refusing.get()) throw new SinkWriteException("database unavailable", null);
            delegate.write(batch);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
