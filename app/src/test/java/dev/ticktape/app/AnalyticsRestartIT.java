package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics resume from their changelogs alone. A class of its own, so its broker (one per test JVM) has no
 * other tape on {@code md.trades}: a fresh bar application reads the topic from the start, and an earlier test's
 * newer trades would make this tape's trades late.
 */
@ExtendWith(SharedKafkaBroker.class)
class AnalyticsRestartIT {
    private static final long BASE = AnalyticsOracleIT.BASE;

    /**
     * The analytics keep their rolling state only in changelogged stores: stop the platform halfway through the
     * tape, start again on the same directory without any local state (restored from the changelogs only), and the summaries and features after the restart still equal SQL over the stored bars. A restart
     * that lost the state would restart sessions at k = 1 (no RSI, no momentum for 15 to 21 minutes) and
     * summarise windows without their first bars.
     */
    @Test
    @Timeout(300)
    void stateSurvivesARestartThatLostTheLocalStores(@TempDir Path dir) throws Exception {
        List<TradeReplay.Tick> ticks = new ArrayList<>();
        for (TradeReplay.Tick t : AnalyticsOracleIT.tape()) {
            if (t.symbol().equals("ORCA") && t.ts() < BASE + 40 * 60_000L) {
                ticks.add(new TradeReplay.Tick(ticks.size(), "ORCR", t.ts(), t.price(), t.qty()));
            }
        }
        int half = ticks.size() / 2;
        PlatformSpec spec = TestPlatforms.withAnalytics(TestPlatforms.all(dir));
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            new TradeReplay(ticks).send(p.gatewayPort(), "rst", 0, half);
            try (Connection c = p.database().orElseThrow().openReader()) {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> AnalyticsOracle.count(
                                                c,
                                                "SELECT count(*) FROM quotient_summaries WHERE venue = "
                                                        + "'rst' AND window_ms = 60000")
                                        == AnalyticsOracle.count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = 'rst'")
                                && TradeReplay.storedTrades(c, "ohlc_1s", "rst") >= half);
            }
        }
        // The analytics stores live in memory, so this start has nothing local: it restores them from their
        // changelogs. Deleting the state directory makes that so whatever the store type becomes.
        Path state = dir.resolve("streams-analytics");
        if (Files.exists(state)) {
            try (var files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            new TradeReplay(ticks).send(p.gatewayPort(), "rst", half, ticks.size());
            try (Connection c = p.database().orElseThrow().openReader()) {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1m", "rst") >= ticks.size());
                List<String> bad = new ArrayList<>();
                try {
                    await().atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> {
                                bad.clear();
                                bad.addAll(AnalyticsOracle.summaryMismatches(c, "rst", 300_000, 5));
                                bad.addAll(AnalyticsOracle.featureMismatches(c, "rst", 525_600, 5));
                                return bad.isEmpty();
                            });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("after the restart, analytics disagree with SQL over the stored bars:%n%s"
                            .formatted(AnalyticsOracle.describe(bad)));
                }
                // Continuity across the restart: the bars just after it have an RSI, which a session restarted
                // at k = 1 would not have for 14 bars.
                long restartMinute = ticks.get(half).ts() / 60_000 * 60_000;
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM intraday_features WHERE venue = 'rst' AND feature_name = "
                                        + "'intraday_rsi_14' AND epoch_ms(\"timestamp\") BETWEEN "
                                        + (restartMinute + 60_000)
                                        + " AND " + (restartMinute + 240_000)))
                        .isPositive();
            }
        }
    }
}
