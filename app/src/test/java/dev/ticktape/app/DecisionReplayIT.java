package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.decisions.DecisionOutputs;
import dev.ticktape.app.decisions.DecisionSinkSpec;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.topology.decisions.DecisionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism: the same file replayed ({@code --tail}) twice with the same run id, each time on a fresh platform
 * with its own broker, gives byte-identical decisions: the same lines in the file sink, in the same order per
 * instrument. Decisions depend on bar time only (the market-hours gate, the cost window, {@code recv_ms}), never on
 * the wall clock. (The shared broker only names the test's groups; each replay runs its own embedded broker.)
 */
@ExtendWith(SharedKafkaBroker.class)
class DecisionReplayIT {
    private static final List<String> SYMBOLS = List.of("DETA", "DETB", "DETC");

    @Test
    @Timeout(300)
    void theSameReplayWithTheSameRunIdGivesByteIdenticalDecisions(@TempDir Path dir) throws Exception {
        Path tape = dir.resolve("tape.ndjson");
        StringBuilder sb = new StringBuilder();
        long base = Instant.parse("2025-05-06T10:00:00Z").toEpochMilli();
        for (TradeReplay.Tick t : DecisionTape.ticks(SYMBOLS, base, 600)) sb.append(DecisionTape.line(t, "det"));
        Files.writeString(tape, sb.toString());

        List<String> first = replay(dir.resolve("one"), tape);
        List<String> second = replay(dir.resolve("two"), tape);

        assertThat(first).as("decisions of the first replay").hasSizeGreaterThan(SYMBOLS.size() * 500);
        assertThat(byInstrument(second)).isEqualTo(byInstrument(first));
        assertThat(second).containsExactlyInAnyOrderElementsOf(first);
        assertThat(String.join("\n", first))
                .contains("\"reason\":\"enter_long\"", "\"reason\":\"enter_short\"", "\"reason\":\"exit\"");
    }

    /** The decision lines the file sink wrote for a replay of {@code tape} on a fresh platform in {@code dir}. */
    private static List<String> replay(Path dir, Path tape) throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("decisions.ndjson");
        PlatformSpec base = TestPlatforms.withAnalytics(TestPlatforms.all(dir));
        PlatformSpec.AnalyticsSpec a = base.streams().analytics();
        PlatformSpec spec = base.toBuilder()
                .kafka(PlatformSpec.KafkaSpec.embedded("127.0.0.1", 0))
                .gateway(GatewayConfig.defaults().withPort(0), new PlatformSpec.Inputs(List.of(tape), false, false))
                .streams(base.streams()
                        .withAnalytics(new PlatformSpec.AnalyticsSpec(
                                a.summaries(),
                                a.features(),
                                DecisionConfig.defaults(
                                        "replay-run",
                                        a.summaries().windows().get(0).toMillis()),
                                new DecisionOutputs.Spec(List.of(new DecisionSinkSpec.File(out)), false, null, "det"))))
                .build();
        try (Platform p = Platform.start(spec);
                Connection c = p.database().orElseThrow().openReader()) {
            // Every stored 1s bar has its decision in the file (once the file's last bars are closed).
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        long bars = AnalyticsOracle.count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = 'det'");
                        return bars >= SYMBOLS.size() * 599L
                                && Files.exists(out)
                                && lines(out).size() >= bars;
                    });
            return lines(out);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isBlank()) out.add(l);
        return out;
    }

    /** The lines of each instrument, in file order: one instrument's decisions come from one partition, in order. */
    private static Map<String, List<String>> byInstrument(List<String> lines) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String l : lines) {
            String symbol = l.replaceAll(".*\"symbol\":\"([A-Z]+)\".*", "$1");
            out.computeIfAbsent(symbol, k -> new ArrayList<>()).add(l);
        }
        return out;
    }
}
