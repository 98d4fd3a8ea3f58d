package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.persistence.postgres.PostgresFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summaries and intraday features through the whole pipeline (TCP -> bars -> analytics application -> sinks) must
 * equal the same quantities recomputed by SQL over the stored bars ({@link AnalyticsOracle}), to 1e-9 relative,
 * including after late trades revise bars; PostgreSQL must hold the same rows and answer the views alike.
 *
 * <p>The tape: 70 minutes across UTC midnight (two sessions), six instruments with a random walk, a three-minute
 * hole, flat prices for 25 minutes, and one that trades only every seventh second (low coverage).
 */
@ExtendWith(SharedKafkaBroker.class)
class AnalyticsOracleIT {
    private static final String VENUE = "orc";
    static final long BASE = Instant.parse("2025-03-03T23:30:00Z").toEpochMilli();
    private static final int SECONDS = 70 * 60;

    @Test
    @Timeout(300)
    void summariesAndFeaturesEqualSqlOverTheStoredBars(@TempDir Path dir) throws Exception {
        List<TradeReplay.Tick> ticks = tape();
        List<TradeReplay.Tick> late = lateTrades(ticks.size());
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        PlatformSpec spec = TestPlatforms.withPostgres(TestPlatforms.withAnalytics(TestPlatforms.all(dir)), url);
        try (Platform p = Platform.start(spec);
                Connection pgc = pg.jdbc(url)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            new TradeReplay(ticks).send(p.gatewayPort(), VENUE, 0, ticks.size());
            try (Connection c = p.database().orElseThrow().openReader()) {
                awaitStored(p, c, "ohlc_1m", ticks.size());
                // Late trades within the allowed lateness revise stored 1s and 1m bars; the analytics follow.
                new TradeReplay(late).send(p.gatewayPort(), VENUE, 0, late.size());
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1m", VENUE) >= ticks.size() + late.size());

                List<String> bad = new ArrayList<>();
                try {
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> {
                                bad.clear();
                                bad.addAll(AnalyticsOracle.summaryMismatches(c, VENUE, 60_000, 5));
                                bad.addAll(AnalyticsOracle.summaryMismatches(c, VENUE, 300_000, 5));
                                bad.addAll(AnalyticsOracle.featureMismatches(c, VENUE, 525_600, 5));
                                return bad.isEmpty();
                            });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("analytics disagree with SQL over the stored bars:%n%s"
                            .formatted(AnalyticsOracle.describe(bad)));
                }

                // Not vacuous: every 1s bar has a summary per window, revisions reached the analytics, and every
                // feature was defined somewhere.
                long secondBars =
                        AnalyticsOracle.count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = '" + VENUE + "'");
                assertThat(AnalyticsOracle.count(
                                c, "SELECT count(*) FROM quotient_summaries WHERE venue = '" + VENUE + "'"))
                        .isEqualTo(2 * secondBars);
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM quotient_summaries WHERE venue = '" + VENUE
                                        + "' AND revision > 0"))
                        .isPositive();
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM intraday_features WHERE venue = '" + VENUE
                                        + "' AND bar_revision > 0"))
                        .isPositive();
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(DISTINCT feature_name) FROM intraday_features WHERE venue = '" + VENUE
                                        + "'"))
                        .isEqualTo(7);
                // The flat instrument: RSI 50 and a mid-range position while nothing moves.
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM intraday_features WHERE symbol = 'ORCFLAT' "
                                        + "AND feature_name = 'intraday_rsi_14' AND value = 50"))
                        .isPositive();
                // The sparse instrument is never legitimate at 60 s (coverage 1/7 < 0.5).
                assertThat(AnalyticsOracle.count(
                                c, "SELECT count(*) FROM legitimacy_stream WHERE symbol = 'ORCSPARSE' AND legitimate"))
                        .isZero();
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM influence_gate_feed WHERE venue = '" + VENUE
                                        + "' AND window_ms = 60000"))
                        .as("the gate feed has the latest legitimate summary of each liquid instrument")
                        .isEqualTo(5);

                // PostgreSQL holds the same rows, value for value, and its views give the same answers.
                for (String[] q : MIRRORED) {
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofSeconds(1))
                            .untilAsserted(
                                    () -> assertThat(rows(pgc, q[1])).as(q[1]).isEqualTo(rows(c, q[0])));
                }
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /** Waits until {@code table} holds {@code trades} trades of the tape; says where it stopped otherwise. */
    private static void awaitStored(Platform p, Connection c, String table, long trades) throws SQLException {
        try {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> TradeReplay.storedTrades(c, table, VENUE) >= trades);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("%s holds %d of %d trades (ohlc_1s: %d, last 1s bar %s, late %.0f, emitted %.0f)"
                    .formatted(
                            table,
                            TradeReplay.storedTrades(c, table, VENUE),
                            trades,
                            TradeReplay.storedTrades(c, "ohlc_1s", VENUE),
                            AnalyticsOracle.describe(List.of(String.valueOf(AnalyticsOracle.count(
                                    c,
                                    "SELECT coalesce(max(epoch_ms(\"timestamp\")), 0) FROM ohlc_1s WHERE venue = '"
                                            + VENUE + "'")))),
                            p.registry().counter("ticktape.trades.late").count(),
                            p.registry().find("ticktape.bars.emitted").counters().stream()
                                    .mapToDouble(k -> k.count())
                                    .sum()));
        }
    }

    /** The same rows asked of DuckDB ([0]) and of PostgreSQL ([1]); times as epoch ms. */
    private static final String[][] MIRRORED = {
        {
            "SELECT symbol, window_ms, epoch_ms(end_ts), bars, revision, mean_close, stdev_close, slope, zscore, "
                    + "realized_vol, vwap FROM quotient_summaries WHERE venue = 'orc'",
            "SELECT symbol, window_ms, (extract(epoch FROM end_ts) * 1000)::bigint, bars, revision, mean_close, "
                    + "stdev_close, slope, zscore, realized_vol, vwap FROM quotient_summaries WHERE venue = 'orc'"
        },
        {
            "SELECT symbol, bar_interval, epoch_ms(\"timestamp\"), feature_name, value, bar_revision "
                    + "FROM intraday_features WHERE venue = 'orc'",
            "SELECT symbol, bar_interval, (extract(epoch FROM \"timestamp\") * 1000)::bigint, feature_name, value, "
                    + "bar_revision FROM intraday_features WHERE venue = 'orc'"
        },
        {
            "SELECT symbol, window_ms, epoch_ms(end_ts), legitimate, reason FROM legitimacy_stream "
                    + "WHERE venue = 'orc'",
            "SELECT symbol, window_ms, (extract(epoch FROM end_ts) * 1000)::bigint, legitimate, reason "
                    + "FROM legitimacy_stream WHERE venue = 'orc'"
        },
        {
            "SELECT symbol, window_ms, epoch_ms(end_ts) FROM influence_gate_feed WHERE venue = 'orc'",
            "SELECT symbol, window_ms, (extract(epoch FROM end_ts) * 1000)::bigint FROM influence_gate_feed "
                    + "WHERE venue = 'orc'"
        }
    };

    /** Every row of {@code sql}, as text, sorted. */
    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.append(v instanceof Number num && !(v instanceof Double) ? num.longValue() : v)
                            .append('|');
                }
                out.add(row.toString());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Trades in event-time order (within each second), one to three per second. */
    static List<TradeReplay.Tick> tape() {
        SplittableRandom rnd = new SplittableRandom(11);
        String[] walkers = {"ORCA", "ORCB", "ORCC", "ORCHOLE"};
        double[] price = {100, 250, 40, 75};
        List<TradeReplay.Tick> out = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            long second = BASE + s * 1000L;
            for (int w = 0; w < walkers.length; w++) {
                // A three-minute hole, 50 to 53 minutes in.
                if (w == 3 && s >= 50 * 60 && s < 53 * 60) continue;
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    price[w] = Math.max(1, Math.round((price[w] + (rnd.nextDouble() - 0.5) * 0.2) * 100) / 100.0);
                    out.add(new TradeReplay.Tick(
                            out.size(), walkers[w], second + i * 300L, price[w], (1 + rnd.nextInt(900)) / 100.0));
                }
            }
            // Flat for the first 25 minutes, then a slow drift.
            double flat = s < 25 * 60 ? 50.0 : 50.0 + (s - 25 * 60) / 600 * 0.25;
            out.add(new TradeReplay.Tick(out.size(), "ORCFLAT", second + 100, flat, 1.5));
            if (s % 7 == 0) {
                out.add(new TradeReplay.Tick(out.size(), "ORCSPARSE", second + 200, 20 + (s % 13) * 0.01, 3));
            }
        }
        return out;
    }

    /** Trades for seconds 5 to 8 minutes before the tape's end: within the allowed lateness of 15 minutes. */
    private static List<TradeReplay.Tick> lateTrades(int seqFrom) {
        List<TradeReplay.Tick> out = new ArrayList<>();
        long end = BASE + SECONDS * 1000L;
        String[] symbols = {"ORCA", "ORCB", "ORCFLAT"};
        for (int i = 0; i < 12; i++) {
            long ts = end - 8 * 60_000L + i * 15_000L + 700;
            out.add(new TradeReplay.Tick(seqFrom + i, symbols[i % 3], ts, 99.5 + i, 2.0));
        }
        return out;
    }
}
