package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.duckdb.DuckDbBarQueries;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafkaBroker.class)
class SinkWorkerIT {
    private static final long T0 = 1_700_000_040_000L; // minute-aligned
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT"};
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final EventCodec codec = new EventCodec();
    private final List<SinkWorker> workers = new ArrayList<>();

    @TempDir
    Path dir;

    private String topic1s;
    private String topic1m;
    private String dlq;
    private SinkConfig config;
    private DuckDbDatabase db;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void setUp() throws SQLException {
        topic1s = SharedKafkaBroker.uniqueName("bars1s");
        topic1m = SharedKafkaBroker.uniqueName("bars1m");
        dlq = SharedKafkaBroker.uniqueName("dlq");
        SharedKafkaBroker.createTopics(List.of(topic1s, topic1m, dlq), 3);
        SharedBrokerAdmin.awaitLeaders(List.of(topic1s, topic1m, dlq), 3, DEADLINE);
        config = SinkConfig.defaults(SharedKafkaBroker.bootstrapServers())
                .withGroupId(SharedKafkaBroker.uniqueName("sink"))
                .withTopics(List.of(topic1s, topic1m), dlq);
        db = DuckDbDatabase.open(dir.resolve("ticktape.duckdb"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "40000");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() throws SQLException {
        workers.forEach(SinkWorker::close);
        producer.close();
        db.close();
    }

    @Test
    void storesEveryBarOnceAndDeadLettersTheRest() {
        List<Bar> input = bars(0, 1500);
        input.add(revise(input.get(7))); // same key later in the stream: the revision must win
        send(input);
        sendRaw(topic1s, "{\"type\":\"ohlc1s\",\"symbol\":\"BTCUSDT\"}");
        sendRaw(topic1m, "not json");
        sendRaw(topic1s, "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":1700000000123,\"price\":1,\"qty\":1}");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        SinkWorker worker = start(new DuckDbBarSink(db), config, registry);

        awaitRows(expected(input).size());
        assertThat(stored()).isEqualTo(expected(input));
        await().atMost(DEADLINE).until(() -> committedRecords() == input.size() + 3);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(dlq, 3);
        assertThat(deadLetters)
                .extracting(r -> codec.readTree(r.value()).get("reason").asText())
                .containsExactlyInAnyOrder("missing_field", "invalid_json", "unknown_type");
        assertThat(deadLetters)
                .extracting(r -> codec.readTree(r.value()).get("source").asText())
                .allMatch(s -> s.matches("topic:bars1[sm]-[0-9a-f]+/[0-2]@\\d+"));
        worker.close();
        assertThat(registry.get("ticktape.sink.rejected").counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum())
                .isEqualTo(3.0);
        assertThat(registry.get("ticktape.sink.rows.written")
                        .tag("table", "ohlc_1m")
                        .counter()
                        .count())
                .isEqualTo(input.stream()
                        .filter(b -> b.interval() == BarInterval.M1)
                        .count());
        assertThat(registry.get("ticktape.sink.last.write.timestamp.seconds")
                        .tag("table", "ohlc_1s")
                        .gauge()
                        .value())
                .isGreaterThan(0);
        assertThat(registry.get("ticktape.sink.errors").counter().count()).isZero();
    }

    @Test
    void restartAfterACrashBetweenWriteAndCommitLosesAndDuplicatesNothing() throws Exception {
        List<Bar> first = bars(0, 2000);
        send(first);
        SinkConfig small = config.withBatching(100, Duration.ofMillis(50));
        CountDownLatch crashed = new CountDownLatch(1);
        // The third batch reaches DuckDB but the process "dies" before the offsets are committed.
        BarSink crashing = new CrashAfterWrite(new DuckDbBarSink(db), 3, crashed);
        SinkWorker doomed = start(crashing, small, new SimpleMeterRegistry());
        await().atMost(DEADLINE).until(() -> crashed.await(0, TimeUnit.MILLISECONDS));
        doomed.abandon();
        long storedAtCrash = stored().size();
        long committedAtCrash = committedRecords();
        assertThat(storedAtCrash).as("rows written but not committed").isGreaterThan(committedAtCrash);
        assertThat(storedAtCrash).as("crashed mid-stream").isLessThan(first.size());

        db.close();
        db = DuckDbDatabase.open(dir.resolve("ticktape.duckdb")); // a new process opens the same file
        List<Bar> second = bars(2000, 1000);
        send(second);
        start(new DuckDbBarSink(db), small, new SimpleMeterRegistry());

        List<Bar> all = new ArrayList<>(first);
        all.addAll(second);
        awaitRows(expected(all).size());
        assertThat(stored()).isEqualTo(expected(all));
        await().atMost(DEADLINE).until(() -> committedRecords() == all.size());
    }

    @Test
    void retriesABatchTheDatabaseRefusedUntilItIsStored() {
        List<Bar> input = bars(0, 500);
        send(input);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BarSink flaky = new FailFirstWrites(new DuckDbBarSink(db), 2);

        start(flaky, config, registry);

        awaitRows(expected(input).size());
        assertThat(stored()).isEqualTo(expected(input));
        await().atMost(DEADLINE).until(() -> committedRecords() == input.size());
        assertThat(registry.get("ticktape.sink.errors").counter().count()).isEqualTo(2.0);
    }

    private SinkWorker start(BarSink sink, SinkConfig cfg, SimpleMeterRegistry registry) {
        SinkWorker worker = new SinkWorker(cfg, sink, registry);
        workers.add(worker);
        worker.start();
        return worker;
    }

    /** {@code n} bars starting at sequence {@code from}: 1s bars, and every tenth a 1m bar, over five symbols. */
    private static List<Bar> bars(int from, int n) {
        List<Bar> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            int step = i / SYMBOLS.length;
            double open = 100 + i % 13;
            String source = i % 3 == 0 ? "file:replay.csv" : null;
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

    private static Bar revise(Bar b) {
        return new Bar(
                b.interval(),
                b.venue(),
                b.symbol(),
                b.tsMs(),
                0,
                b.open(),
                b.high() + 10,
                b.low(),
                b.close(),
                b.volume() + 1,
                b.trades() + 1,
                b.vwap(),
                "revised");
    }

    private void send(List<Bar> bars) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Bar b : bars) {
            String topic = b.interval() == BarInterval.S1 ? topic1s : topic1m;
            acks.add(producer.send(new ProducerRecord<>(
                    topic, null, b.tsMs(), b.key().getBytes(StandardCharsets.UTF_8), codec.encode(b))));
        }
        awaitAcks(acks);
    }

    private void sendRaw(String topic, String value) {
        awaitAcks(List.of(producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)))));
    }

    private void awaitAcks(List<Future<RecordMetadata>> acks) {
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("test input not produced", e);
            }
        }
    }

    private void awaitRows(int rows) {
        await().atMost(DEADLINE).until(() -> stored().size() >= rows);
    }

    /** Every stored row as {@code interval symbol ts -> bar} with recvMs zeroed, in table order. */
    private Map<String, Bar> stored() {
        DuckDbBarQueries queries = new DuckDbBarQueries(db);
        Map<String, Bar> out = new LinkedHashMap<>();
        for (BarInterval interval : BarInterval.values()) {
            for (String symbol : SYMBOLS) {
                for (StoredBar s : queries.storedBars(
                        interval,
                        "binance",
                        symbol,
                        Instant.EPOCH,
                        Instant.parse("2100-01-01T00:00:00Z"),
                        Integer.MAX_VALUE)) {
                    out.put(id(s.bar()), normalized(s.bar()));
                }
            }
        }
        return out;
    }

    /** What the tables must hold: the last bar per key, with the stored source label. */
    private static Map<String, Bar> expected(List<Bar> input) {
        Map<String, Bar> last = new LinkedHashMap<>();
        for (Bar b : input) last.put(id(b), normalized(b));
        Map<String, Bar> ordered = new LinkedHashMap<>();
        for (BarInterval interval : BarInterval.values()) {
            for (String symbol : SYMBOLS) {
                last.values().stream()
                        .filter(b -> b.interval() == interval && b.symbol().equals(symbol))
                        .sorted((x, y) -> Long.compare(x.tsMs(), y.tsMs()))
                        .forEach(b -> ordered.put(id(b), b));
            }
        }
        return ordered;
    }

    private static String id(Bar b) {
        return b.interval().label() + " " + b.key() + " " + b.tsMs();
    }

    private static Bar normalized(Bar b) {
        return new Bar(
                b.interval(),
                b.venue(),
                b.symbol(),
                b.tsMs(),
                0,
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                b.trades(),
                b.vwap(),
                b.source() != null ? b.source() : "live:" + b.symbol());
    }

    /** Sum of the group's committed offsets over both bar topics. */
    private long committedRecords() throws Exception {
        try (Admin admin = Admin.create(SharedBrokerAdmin.adminProperties())) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.values().stream()
                    .filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafkaBroker.uniqueName("reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(DEADLINE).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }

    /** Writes through, then fails the {@code n}-th write after it reached the database. */
    private static final class CrashAfterWrite implements BarSink {
        private final BarSink delegate;
        private final int n;
        private final CountDownLatch crashed;
        private final AtomicInteger writes = new AtomicInteger();

        CrashAfterWrite(BarSink delegate, int n, CountDownLatch crashed) {
            this.delegate = delegate;
            this.n = n;
            this.crashed = crashed;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void write(List<Bar> batch) {
            if (crashed.getCount() == 0) throw new SinkWriteException("process is dead", null);
            delegate.write(batch);
            if (writes.incrementAndGet() == n) {
                crashed.countDown();
                throw new SinkWriteException("simulated crash after the database commit", null);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Refuses the first {@code failures} writes, as a database that is briefly unavailable. */
    private static final class FailFirstWrites implements BarSink {
        private final BarSink delegate;
        private final AtomicInteger failuresLeft;

        FailFirstWrites(BarSink delegate, int failures) {
            this.delegate = delegate;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void write(List<Bar> batch) {
            if (failuresLeft.getAndDecrement() > 0) throw new SinkWriteException("database unavailable", null);
            delegate.write(batch);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
