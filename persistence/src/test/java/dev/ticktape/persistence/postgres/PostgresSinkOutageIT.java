package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.SinkConfig;
import dev.ticktape.persistence.SinkWorker;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB and PostgreSQL sinks side by side in separate consumer groups, PostgreSQL behind a TCP proxy that is cut
 * mid-stream: DuckDB keeps writing, PostgreSQL pauses and catches up, and both end with the same rows.
 */
@ExtendWith(SharedKafkaBroker.class)
class PostgresSinkOutageIT {
    private static final long T0 = 1_714_607_700_000L; // 2024-05-01T23:55:00Z: the stream crosses midnight
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"};
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String ROW =
            "venue, symbol, epoch_ms, open, high, low, close, volume, vwap, trades, source_file";

    private final PostgresFixture pg = PostgresFixture.get();
    private final EventCodec codec = new EventCodec();
    private final List<SinkWorker> workers = new ArrayList<>();

    @TempDir
    Path dir;

    private SinkConfig config;
    private KafkaProducer<byte[], byte[]> producer;
    private DuckDbDatabase duck;
    private PostgresDatabase postgres;
    private TcpProxy proxy;
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        String topic1s = SharedKafkaBroker.uniqueName("bars1s");
        String topic1m = SharedKafkaBroker.uniqueName("bars1m");
        String dlq = SharedKafkaBroker.uniqueName("dlq");
        SharedKafkaBroker.createTopics(List.of(topic1s, topic1m, dlq), 2);
        config = SinkConfig.defaults(SharedKafkaBroker.bootstrapServers())
                .withTopics(List.of(topic1s, topic1m), dlq)
                .withBatching(200, Duration.ofMillis(50));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        duck = DuckDbDatabase.open(dir.resolve("ticktape.duckdb"));
        url = pg.createDatabase();
        proxy = new TcpProxy(pg.host(), pg.port());
        String database = url.substring(url.lastIndexOf('/') + 1);
        postgres = PostgresDatabase.open(
                PostgresConfig.of(pg.url("127.0.0.1", proxy.port(), database))
                        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() throws Exception {
        workers.forEach(SinkWorker::close);
        producer.close();
        postgres.close();
        proxy.close();
        duck.close();
        pg.dropDatabase(url);
    }

    @Test
    void outageStallsOnlyThePostgresSinkWhichCatchesUpWithoutLossOrDuplicates() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SinkWorker duckWorker = start(new DuckDbBarSink(duck), "duckdb", registry);
        SinkWorker pgWorker = start(new PostgresBarSink(postgres), "postgres", registry);

        send(bars(0, 800));
        await().atMost(DEADLINE).until(() -> duckRows() == 800 && pgRows() == 800);

        proxy.cut();
        send(bars(800, 800));
        await().atMost(DEADLINE).until(() -> duckRows() == 1600);
        await().atMost(DEADLINE)
                .until(() -> registry.get("ticktape.sink.paused")
                                .tag("sink", "postgres")
                                .gauge()
                                .value()
                        == 1.0);
        // Several seconds of outage: PostgreSQL receives nothing, the worker stays alive.
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(10))
                .until(() -> pgRows() == 800 && pgWorker.failure().isEmpty());

        proxy.restore();
        send(bars(1600, 400));
        await().atMost(DEADLINE).until(() -> duckRows() == 2000 && pgRows() == 2000);

        assertThat(pgTable(BarInterval.S1)).isEqualTo(duckTable(BarInterval.S1)).hasSize(2000 - minuteBars(2000));
        assertThat(pgTable(BarInterval.M1)).isEqualTo(duckTable(BarInterval.M1)).hasSize(minuteBars(2000));
        assertThat(registry.get("ticktape.sink.retries")
                        .tag("sink", "postgres")
                        .counter()
                        .count())
                .isPositive();
        assertThat(registry.get("ticktape.sink.retries")
                        .tag("sink", "duckdb")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("ticktape.sink.paused")
                        .tag("sink", "postgres")
                        .gauge()
                        .value())
                .isZero();
        assertThat(duckWorker.failure()).isEmpty();
        assertThat(pgWorker.failure()).isEmpty();
    }

    @Test
    void permanentErrorStopsTheSinkWithItsCause() throws Exception {
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement()) {
            // Schema mismatch: the sink's table (and the coverage view on it) is gone.
            s.execute("DROP TABLE ohlc_1s CASCADE");
        }
        SinkWorker pgWorker = start(new PostgresBarSink(postgres), "postgres", new SimpleMeterRegistry());
        send(bars(0, 50));

        await().atMost(DEADLINE).until(() -> pgWorker.failure().isPresent());
        assertThat(pgWorker.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(pgWorker.failure().get().getMessage()).contains("permanent").contains("42P01");
    }

    private SinkWorker start(dev.ticktape.persistence.BarSink sink, String group, SimpleMeterRegistry registry) {
        SinkWorker w =
                new SinkWorker(config.withGroupId(SharedKafkaBroker.uniqueName("sink-" + group)), sink, registry);
        workers.add(w);
        w.start();
        return w;
    }

    /** Every 10th bar is a 1m bar; the rest are 1s bars, round-robin over the symbols. */
    private static List<Bar> bars(int from, int n) {
        List<Bar> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            BarInterval interval = i % 10 == 9 ? BarInterval.M1 : BarInterval.S1;
            long ts = interval == BarInterval.M1 ? T0 + (i / 10) * 60_000L : T0 + (i / SYMBOLS.length) * 1_000L;
            double open = 100 + i % 17;
            out.add(new Bar(
                    interval,
                    "binance",
                    symbol,
                    ts,
                    ts + 1_200,
                    open,
                    open + 1,
                    open - 1,
                    open + 0.5,
                    2.5,
                    3 + i % 5,
                    i % 3 == 0 ? null : open + 0.25,
                    null));
        }
        return out;
    }

    private static int minuteBars(int n) {
        return n / 10;
    }

    private void send(List<Bar> bars) {
        for (Bar b : bars) {
            producer.send(new ProducerRecord<>(
                    config.topics().get(b.interval() == BarInterval.S1 ? 0 : 1),
                    (b.venue() + ":" + b.symbol()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    codec.encode(b)));
        }
        producer.flush();
    }

    private long duckRows() throws SQLException {
        return duckTable(BarInterval.S1).size() + duckTable(BarInterval.M1).size();
    }

    private long pgRows() throws SQLException {
        return pgTable(BarInterval.S1).size() + pgTable(BarInterval.M1).size();
    }

    private List<String> duckTable(BarInterval interval) throws SQLException {
        try (Connection c = duck.openReader()) {
            return rows(
                    c,
                    "SELECT " + ROW + " FROM (SELECT *, epoch_ms(\"timestamp\") AS epoch_ms FROM " + interval.table()
                            + ")");
        }
    }

    private List<String> pgTable(BarInterval interval) throws SQLException {
        try (Connection c = pg.jdbc(url)) {
            return rows(
                    c,
                    "SELECT " + ROW + " FROM (SELECT *, (extract(epoch FROM \"timestamp\") * 1000)::bigint "
                            + "AS epoch_ms FROM " + interval.table() + ") t ");
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 11; i++) {
                    Object v = r.getObject(i);
                    row.append(v instanceof Number n && i > 3 && i != 10 ? Double.toString(n.doubleValue()) : v)
                            .append('|');
                }
                out.add(row.toString());
            }
        }
        out.sort(null);
        return out;
    }
}
