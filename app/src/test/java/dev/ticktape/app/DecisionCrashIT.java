package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of the topology process mid-stream, with decisions on: after the restart every completed bar has exactly
 * one decision, stored once, and {@code md.decisions} holds each decision key once (exactly-once: the decision
 * state and its output commit together).
 */
@ExtendWith(SharedKafkaBroker.class)
class DecisionCrashIT {
    private static final String VENUE = "crash";
    private static final List<String> SYMBOLS = List.of("CRA", "CRB", "CRC", "CRD");
    private static final int RATE = 250; // trades/s: 400 s of tape over about 13 s

    @Test
    @Timeout(300)
    void aKilledTopologyResumesWithoutDuplicateOrMissingDecisions(@TempDir Path dir) throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String app = SharedKafkaBroker.uniqueName("crash");
        String[] streamsArgs = {
            "streams",
            "--bootstrap-servers",
            bootstrap,
            "--data-dir",
            dir.resolve("streams-node").toString(),
            "--http-port",
            "-1",
            "--application-id",
            app,
            "--emit-decisions",
            "--run-id",
            "crash-run"
        };
        List<TradeReplay.Tick> ticks = DecisionTape.ticks(
                SYMBOLS, Instant.parse("2025-05-08T10:00:00Z").toEpochMilli(), 400);
        PlatformSpec persist = TestPlatforms.shared("persist", dir.resolve("persist"))
                .sink(new PlatformSpec.SinkSpec(
                        dir.resolve("persist.duckdb"),
                        SharedKafkaBroker.uniqueName("sink"),
                        5000,
                        Duration.ofMillis(200)))
                .build();
        try (Platform gateway = Platform.start(TestPlatforms.gatewayOnly(dir.resolve("gw")));
                Platform store = Platform.start(persist);
                Connection c = store.database().orElseThrow().openReader()) {
            ChildProcess streams = ChildProcess.start("streams-decisions", streamsArgs);
            Thread sender = new Thread(() -> sendPaced(ticks, gateway.gatewayPort()), "crash-tape");
            sender.start();
            String actions = "SELECT count(*) FROM stream_actions WHERE venue = '" + VENUE + "'";
            try {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> AnalyticsOracle.count(c, actions) > 200);
                streams.kill();
                streams = ChildProcess.start("streams-decisions", streamsArgs);
                sender.join();
                String bars = "SELECT count(*) FROM ohlc_1s WHERE venue = '" + VENUE + "'";
                ChildProcess s = streams;
                await().atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> !s.alive()
                                || (AnalyticsOracle.count(c, bars) >= SYMBOLS.size() * 399L
                                        && AnalyticsOracle.count(c, actions) >= AnalyticsOracle.count(c, bars)));
                assertThat(streams.alive())
                        .as("streams process:%n%s", streams.output())
                        .isTrue();
                long barCount = AnalyticsOracle.count(c, bars);
                assertThat(AnalyticsOracle.count(c, actions)).isEqualTo(barCount);
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM ohlc_1s b WHERE venue = '" + VENUE + "' AND NOT EXISTS "
                                        + "(SELECT 1 FROM stream_actions a WHERE a.venue = b.venue AND a.symbol = "
                                        + "b.symbol AND a.\"timestamp\" = b.\"timestamp\")"))
                        .as("bars without a decision")
                        .isZero();
                long[] topic = decisionRecords(bootstrap);
                assertThat(topic[0]).as("committed decision records of the run").isEqualTo(barCount);
                assertThat(topic[1]).as("distinct decision keys").isEqualTo(barCount);
            } finally {
                streams.close();
            }
        }
    }

    private static void sendPaced(List<TradeReplay.Tick> ticks, int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            for (int i = 0; i < ticks.size(); i++) {
                out.write(DecisionTape.line(ticks.get(i), VENUE).getBytes(StandardCharsets.US_ASCII));
                if (i % 50 == 0) {
                    out.flush();
                    long wait = t0 + (long) (i / (double) RATE * 1e9) - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {records, distinct keys} of this run's committed decisions in md.decisions, read with read_committed. */
    private static long[] decisionRecords(String bootstrap) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.DECISIONS).stream()
                    .map(p -> new TopicPartition(Topics.DECISIONS, p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long n = 0;
            Set<String> keys = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    if (!v.contains("\"run_id\":\"crash-run\"")) continue;
                    n++;
                    keys.add(v.replaceAll(".*\"symbol\":\"([A-Z]+)\",\"ts_ms\":(\\d+),.*", "$1|$2"));
                }
            }
            return new long[] {n, keys.size()};
        }
    }
}
