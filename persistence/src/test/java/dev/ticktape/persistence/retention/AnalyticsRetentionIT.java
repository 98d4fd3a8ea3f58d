package dev.ticktape.persistence.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.model.features.FeatureDefinition;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.duckdb.DuckDbFeatureSink;
import dev.ticktape.persistence.duckdb.DuckDbStatusSink;
import dev.ticktape.persistence.duckdb.DuckDbSummarySink;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import dev.ticktape.persistence.postgres.PostgresFeatureSink;
import dev.ticktape.persistence.postgres.PostgresFixture;
import dev.ticktape.persistence.postgres.PostgresStatusSink;
import dev.ticktape.persistence.postgres.PostgresSummarySink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics tables under the default policy (1s tier 7 days, 1m tier 30 days) at 2024-06-10 12:00 UTC:
 * summaries and 1s features go with the 1s tier (first kept day 2024-06-03), 1m features and the feed status with
 * the 1m tier (first kept day 2024-05-11). Rows are written on three days: one past both tiers, one past the 1s
 * tier only, and the current one.
 */
class AnalyticsRetentionIT {
    private static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
    private static final LocalDate OLD = LocalDate.parse("2024-05-02");
    private static final LocalDate PAST_1S = LocalDate.parse("2024-06-01");
    private static final LocalDate RECENT = LocalDate.parse("2024-06-10");

    @TempDir
    Path dir;

    @Test
    void duckDbDeletesEachAnalyticsTableByTheTierOfItsInput() throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("analytics-retention.duckdb"));
                EventSink<Summary> summaries = new DuckDbSummarySink(db);
                EventSink<FeatureSet> features = new DuckDbFeatureSink(db);
                EventSink<Status> status = new DuckDbStatusSink(db)) {
            write(summaries, features, status);
            try (Connection c = db.openReader()) {
                check(new DuckDbRetention(db), c, "CAST(%s AS DATE)");
            }
        }
    }

    @Test
    void postgresDropsTheDayPartitionsOfEachAnalyticsTableByTheTierOfItsInput() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry())) {
            write(new PostgresSummarySink(db), new PostgresFeatureSink(db), new PostgresStatusSink(db));
            try (Connection c = pg.jdbc(url)) {
                check(new PostgresRetention(db), c, "(%s AT TIME ZONE 'UTC')::date");
            }
            assertThat(db.partitions().days("quotient_summaries")).doesNotContain(OLD, PAST_1S);
            assertThat(db.partitions().days("intraday_features_1s")).doesNotContain(OLD, PAST_1S);
            assertThat(db.partitions().days("intraday_features_1m"))
                    .doesNotContain(OLD)
                    .contains(PAST_1S);
            assertThat(db.partitions().days("feed_status")).doesNotContain(OLD).contains(PAST_1S);
        } finally {
            pg.dropDatabase(url);
        }
    }

    /** Per day: two summaries, a 1s and a 1m feature set of three values each, two status records. */
    private static void write(EventSink<Summary> summaries, EventSink<FeatureSet> features, EventSink<Status> status) {
        List<Summary> s = new ArrayList<>();
        List<FeatureSet> f = new ArrayList<>();
        List<Status> st = new ArrayList<>();
        for (LocalDate day : List.of(OLD, PAST_1S, RECENT)) {
            long noon = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000L + 43_200_000L;
            for (int i = 1; i <= 2; i++) {
                s.add(new Summary(
                        "binance",
                        "BTCUSDT",
                        noon + i * 1000L,
                        noon + i * 1000L,
                        60_000,
                        60,
                        60,
                        1,
                        1,
                        0,
                        1,
                        0,
                        1,
                        1,
                        0.0,
                        0.0,
                        null,
                        0.0,
                        1,
                        1.0,
                        0));
                st.add(new Status("binance", "WS-" + i, noon, noon, Status.State.CONNECTED, null, Map.of()));
            }
            for (BarInterval interval : BarInterval.values()) {
                f.add(new FeatureSet(
                        "binance",
                        "BTCUSDT",
                        interval,
                        noon,
                        noon,
                        FeatureDefinition.V1,
                        day.toString(),
                        Map.of(
                                FeatureDefinition.VWAP,
                                1.0,
                                FeatureDefinition.PRICE_TO_OPEN,
                                0.0,
                                FeatureDefinition.RANGE_POSITION,
                                0.5),
                        0));
            }
        }
        summaries.write(s);
        features.write(f);
        status.write(st);
    }

    private static void check(RetentionTarget target, Connection c, String day) throws SQLException {
        RetentionReport plan = target.plan(NOW, RetentionPolicy.defaults());
        // Summaries: two days of two. 1s features: two days of three, 1m features: one day of three.
        // Feed status: one day of two.
        assertThat(plan.rows("quotient_summaries")).isEqualTo(4);
        assertThat(plan.rows("intraday_features")).isEqualTo(9);
        assertThat(plan.rows("feed_status")).isEqualTo(2);
        assertThat(count(c, "SELECT count(*) FROM intraday_features"))
                .as("dry run")
                .isEqualTo(18);

        RetentionReport applied = target.apply(NOW, RetentionPolicy.defaults());

        assertThat(applied.rows("quotient_summaries")).isEqualTo(4);
        assertThat(applied.rows("intraday_features")).isEqualTo(9);
        assertThat(applied.rows("feed_status")).isEqualTo(2);
        assertThat(days(c, "quotient_summaries", "end_ts", "TRUE", day)).containsExactly(RECENT.toString());
        assertThat(days(c, "intraday_features", "\"timestamp\"", "bar_interval = '1s'", day))
                .containsExactly(RECENT.toString());
        assertThat(days(c, "intraday_features", "\"timestamp\"", "bar_interval = '1m'", day))
                .containsExactly(PAST_1S.toString(), RECENT.toString());
        assertThat(days(c, "feed_status", "ts", "TRUE", day)).containsExactly(PAST_1S.toString(), RECENT.toString());
        assertThat(count(c, "SELECT count(*) FROM intraday_features")).isEqualTo(9);
        assertThat(target.apply(NOW, RetentionPolicy.defaults()).items())
                .as("nothing left to do")
                .isEmpty();
    }

    /** The distinct UTC days of the rows of {@code table} matching {@code where}, oldest first. */
    private static List<String> days(Connection c, String table, String column, String where, String day)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT DISTINCT CAST(" + String.format(day, column) + " AS VARCHAR) FROM "
                        + table + " WHERE " + where + " ORDER BY 1")) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
