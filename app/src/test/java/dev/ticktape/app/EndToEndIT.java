package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.broker.SharedKafkaBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spine on real parts: TCP into the gateway, the in-process KRaft broker, Kafka Streams with exactly-once, the
 * sink into a DuckDB file. A historical tape whose event time is shuffled within grace must come out as exactly the
 * bars a batch GROUP BY computes.
 */
@ExtendWith(SharedKafkaBroker.class)
class EndToEndIT {
    private static final int TRADES = 200_000;
    private static final int SYMBOLS = 50;

    @Test
    void shuffledReplayOverTcpEqualsBatchGroupByRowForRow(@TempDir Path dir) throws Exception {
        long base = Instant.parse("2025-01-02T14:30:00Z").toEpochMilli();
        // 200k trades over 400 s of event time, arriving up to 200 ms out of order (grace is 250 ms).
        TradeReplay tape = new TradeReplay(TRADES, SYMBOLS, base, 400_000, 200, 7);
        TreeMap<String, TradeReplay.Row> expected = tape.expectedBars();

        try (Platform p = Platform.start(TestPlatforms.all(dir))) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            tape.send(p.gatewayPort(), "e2e", 0, TRADES);

            try (Connection c = p.database().orElseThrow().openReader()) {
                try {
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> TradeReplay.storedTrades(c, "ohlc_1s", "e2e") >= TRADES);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // Where did it stop: topology (bars emitted), transactions (lso < hw), the sink (its offsets) or
                    // the reading connection (a fresh one compared)?
                    System.out.printf(
                            "e2e diagnostics: stored=%d of %d, 1s bars emitted=%.0f, streams=%s, late=%.0f,"
                                    + " sink failure=%s%n%s",
                            TradeReplay.storedTrades(c, "ohlc_1s", "e2e"),
                            TRADES,
                            p.registry().find("ticktape.bars.emitted").tag("interval", "1s").counters().stream()
                                    .mapToDouble(k -> k.count())
                                    .sum(),
                            p.streams()
                                    .map(r -> String.valueOf(r.streams().state()))
                                    .orElse("-"),
                            p.registry().counter("ticktape.trades.late").count(),
                            p.sink()
                                    .flatMap(w -> w.failure())
                                    .map(Throwable::toString)
                                    .orElse("none"),
                            OffsetDiagnostics.describe(java.util.List.of("md.trades", "md.bars.1s")));
                    try (Connection fresh = p.database().orElseThrow().openReader()) {
                        System.out.printf(
                                "e2e diagnostics: a fresh connection sees stored=%d, the long-lived one %d,"
                                        + " autocommit=%s%n",
                                TradeReplay.storedTrades(fresh, "ohlc_1s", "e2e"),
                                TradeReplay.storedTrades(c, "ohlc_1s", "e2e"),
                                c.getAutoCommit());
                    }
                    throw e;
                }
                BarAssertions.assertSameBars(TradeReplay.storedBars(c, "e2e"), expected);
                // The 1m roll-up covers every trade once the replay's last minute is flushed.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1m", "e2e") >= TRADES);
                assertThat(TradeReplay.storedTrades(c, "ohlc_1m", "e2e")).isEqualTo(TRADES);
            }
            assertThat(LateTopic.records("e2e:")).as("e2e trades in md.late").isEmpty();
            assertThat(p.registry().find("ticktape.gateway.lines.rejected").counters())
                    .allMatch(k -> k.count() == 0);
        }
    }
}
