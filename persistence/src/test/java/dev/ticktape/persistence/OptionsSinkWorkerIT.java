package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.duckdb.DuckDbExecutionQueries;
import dev.ticktape.persistence.duckdb.DuckDbExecutionSink;
import dev.ticktape.persistence.duckdb.DuckDbGreeksQueries;
import dev.ticktape.persistence.duckdb.DuckDbGreeksSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Greeks and execution workers, each in its own consumer group, writing into one DuckDB file side by side. */
@ExtendWith(SharedKafkaBroker.class)
class OptionsSinkWorkerIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long T0 = Instant.parse("2024-05-01T14:30:00Z").toEpochMilli();
    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");
    private static final OptionContract CALL =
            new OptionContract("SPY", LocalDate.of(2024, 6, 21), 510.0, 'C', "SPY   240621C00510000");
    private static final OptionContract PUT =
            new OptionContract("SPY", LocalDate.of(2024, 6, 21), 500.0, 'P', "SPY   240621P00500000");

    private final EventCodec codec = new EventCodec();
    private final List<SinkWorker> workers = new ArrayList<>();

    @TempDir
    Path dir;

    private String greeksTopic;
    private String executionsTopic;
    private SinkConfig base;
    private DuckDbDatabase db;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void setUp() throws SQLException {
        greeksTopic = SharedKafkaBroker.uniqueName("greeks");
        executionsTopic = SharedKafkaBroker.uniqueName("executions");
        String dlq = SharedKafkaBroker.uniqueName("dlq");
        SharedKafkaBroker.createTopics(List.of(greeksTopic, executionsTopic, dlq), 2);
        SharedBrokerAdmin.awaitLeaders(List.of(greeksTopic, executionsTopic, dlq), 2, DEADLINE);
        base = SinkConfig.defaults(SharedKafkaBroker.bootstrapServers())
                .withTopics(List.of(greeksTopic), dlq)
                .withBatching(50, Duration.ofMillis(50));
        db = DuckDbDatabase.open(dir.resolve("ticktape.duckdb"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() throws SQLException {
        workers.forEach(SinkWorker::close);
        producer.close();
        db.close();
    }

    @Test
    void storesGreeksAndExecutionsOncePerKeyAndDeadLettersOtherTypes() throws Exception {
        List<MarketEvent> greeks = new ArrayList<>();
        for (int i = 0; i < 300; i++) greeks.add(greeks(i % 2 == 0 ? CALL : PUT, T0 + (i / 2) * 100L, 0.001 * i));
        greeks.add(greeks(CALL, T0, 0.77)); // a later snapshot of a stored key replaces it
        greeks.add(new Bar(BarInterval.S1, "ibkr", "SPY", T0, T0, 1, 1, 1, 1, 1, 1, null, null)); // wrong topic
        List<MarketEvent> executions = new ArrayList<>();
        for (int i = 0; i < 40; i++) executions.add(execution("E" + i, 1.0 + i, T0 + i));
        executions.add(execution("E3", 9.5, T0 + 3)); // the broker re-sent a corrected fill
        send(greeksTopic, greeks);
        send(executionsTopic, executions);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SinkConfig greeksConfig = base.withGroupId(SharedKafkaBroker.uniqueName(SinkConfig.DUCKDB_GREEKS_GROUP_ID));
        SinkConfig executionsConfig = base.withTopics(List.of(executionsTopic))
                .withGroupId(SharedKafkaBroker.uniqueName(SinkConfig.DUCKDB_EXECUTIONS_GROUP_ID));

        start(new SinkWorker(greeksConfig, SinkRoute.GREEKS, new DuckDbGreeksSink(db), registry));
        start(new SinkWorker(executionsConfig, SinkRoute.EXECUTIONS, new DuckDbExecutionSink(db), registry));

        DuckDbGreeksQueries greeksQueries = new DuckDbGreeksQueries(db);
        DuckDbExecutionQueries executionQueries = new DuckDbExecutionQueries(db);
        await().atMost(DEADLINE)
                .until(() -> greeksQueries
                                        .snapshots("ibkr", null, null, ALL_FROM, ALL_TO, 1000)
                                        .size()
                                == 300
                        && executionQueries
                                        .executions(null, null, ALL_FROM, ALL_TO, 100)
                                        .size()
                                == 40);
        await().atMost(DEADLINE)
                .until(() ->
                        committed(greeksConfig) == greeks.size() && committed(executionsConfig) == executions.size());
        assertThat(greeksQueries.snapshots("ibkr", "U1", CALL.occ(), ALL_FROM, Instant.ofEpochMilli(T0 + 1), 10))
                .extracting(GreeksSnapshot::delta)
                .containsExactly(0.77);
        assertThat(executionQueries.executions(
                        "ibkr", "U1", Instant.ofEpochMilli(T0 + 3), Instant.ofEpochMilli(T0 + 4), 10))
                .extracting(s -> s.execution().price())
                .containsExactly(9.5);
        assertThat(greeksQueries.persistLatency(ALL_FROM, ALL_TO).rows()).isEqualTo(300);
        assertThat(registry.get("ticktape.sink.rejected")
                        .tag("sink", "duckdb-greeks")
                        .tag("reason", "unknown_type")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("ticktape.sink.rows.written")
                        .tag("table", "executions")
                        .counter()
                        .count())
                .isEqualTo(41.0);
        assertThat(registry.get("ticktape.sink.errors")
                        .tag("sink", "duckdb-executions")
                        .counter()
                        .count())
                .isZero();
    }

    private void start(SinkWorker worker) {
        workers.add(worker);
        worker.start();
    }

    private static Greeks greeks(OptionContract contract, long tsMs, double delta) {
        return new Greeks(
                "ibkr",
                contract.underlying(),
                tsMs,
                tsMs + 5,
                "U1",
                contract,
                delta,
                0.01,
                -0.04,
                0.1,
                null,
                0.2,
                510.2,
                2.5);
    }

    private static Execution execution(String execId, double price, long tsMs) {
        return new Execution("ibkr", "SPY", tsMs, tsMs + 2, "U1", "O-" + execId, execId, Side.SELL, price, 1, CALL);
    }

    private void send(String topic, List<MarketEvent> events) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (MarketEvent e : events) {
            acks.add(producer.send(new ProducerRecord<>(
                    topic, null, e.tsMs(), e.key().getBytes(StandardCharsets.UTF_8), codec.encode(e))));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) ack.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private static long committed(SinkConfig config) throws Exception {
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

    /** Producing before every partition has a serving leader can stall the first sends. */
}
