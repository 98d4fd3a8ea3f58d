package dev.ticktape.persistence.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.features.FeatureDefinition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuckDbSchemaUpgradeTest {
    private static final long TS = Instant.parse("2025-01-02T03:04:05Z").toEpochMilli();

    @Test
    void opensAFileFromTheFirstVersionAndUpgradesItInPlaceKeepingItsRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, 1);
            st.execute(
                    "INSERT INTO ohlc_1s VALUES ('ndjson','X', TIMESTAMP '2025-01-02 03:04:05', 1,2,0.5,1.5,10,1.2,3,"
                            + "'live:X', TIMESTAMP '2025-01-02 03:04:06')");
            assertThat(DuckDbSchema.currentVersion(c)).isEqualTo(1);
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file);
                Connection c = db.openReader();
                Statement st = c.createStatement()) {
            assertThat(DuckDbSchema.currentVersion(c))
                    .isEqualTo(DuckDbSchema.latestVersion())
                    .isGreaterThan(1);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_1s")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_5m")) { // added by step 2
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    /** Step 3: existing bar rows read as revision 0, the column refuses NULL, and revised bars then upsert. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void upgradedBarTablesGetARevisionColumnAndExistingRowsAreRevisionZero(int fromVersion, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("v" + fromVersion + ".duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, fromVersion);
            for (BarInterval i : BarInterval.values()) {
                st.execute("INSERT INTO " + i.table() + " VALUES ('binance','X', TIMESTAMP '2025-01-02 03:04:00', "
                        + "1,2,0.5,1.5,10,1.2,3,'live:X', TIMESTAMP '2025-01-02 03:04:06')");
            }
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file)) {
            try (Connection c = db.openReader();
                    Statement st = c.createStatement()) {
                assertThat(DuckDbSchema.currentVersion(c))
                        .isEqualTo(DuckDbSchema.latestVersion())
                        .isGreaterThanOrEqualTo(3);
                for (BarInterval i : BarInterval.values()) {
                    try (ResultSet rs =
                            st.executeQuery("SELECT is_nullable, column_default FROM information_schema.columns "
                                    + "WHERE table_name = '" + i.table() + "' AND column_name = 'revision'")) {
                        assertThat(rs.next()).as(i.table() + ".revision").isTrue();
                        assertThat(rs.getString(1)).isEqualTo("NO");
                        assertThat(rs.getString(2)).isEqualTo("0");
                    }
                    try (ResultSet rs = st.executeQuery("SELECT revision, trades FROM " + i.table())) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isZero();
                        assertThat(rs.getLong(2)).isEqualTo(3);
                    }
                }
            }
            DuckDbBarSink sink = new DuckDbBarSink(db.writer(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
            long minute = TS - TS % 60_000;
            sink.write(List.of(bar(BarInterval.S1, minute, 7).withRevision(1), bar(BarInterval.M1, minute, 8)));
            try (Connection c = db.openReader();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT (SELECT revision || '/' || trades FROM ohlc_1s), "
                            + "(SELECT revision || '/' || trades FROM ohlc_1m)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1/7");
                assertThat(rs.getString(2)).isEqualTo("0/8"); // revision 0 over a stored 0: a tie replaces
            }
        }
    }

    /** Step 4: the executions stored as {@code trades} keep their rows under {@code executions}; the old name reads. */
    @Test
    void renamesTheExecutionsTableAndKeepsTheOldNameAsAView(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v3.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, 3);
            st.execute(
                    "INSERT INTO trades VALUES ('ibkr','E1','U1','O1','SPY','buy',1.5,2, TIMESTAMP '2025-01-02 03:04:05', "
                            + "NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2025-01-02 03:04:05', TIMESTAMP '2025-01-02 03:04:06')");
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file);
                Connection c = db.openReader();
                Statement st = c.createStatement()) {
            assertThat(DuckDbSchema.currentVersion(c))
                    .isEqualTo(DuckDbSchema.latestVersion())
                    .isGreaterThanOrEqualTo(4);
            try (ResultSet rs =
                    st.executeQuery("SELECT (SELECT exec_id FROM executions), (SELECT exec_id FROM trades), "
                            + "(SELECT table_type FROM information_schema.tables WHERE table_name = 'trades')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("E1");
                assertThat(rs.getString(2)).isEqualTo("E1");
                assertThat(rs.getString(3)).isEqualTo("VIEW");
            }
        }
    }

    /**
     * Step 5: a version-4 file gains the analytics tables and views next to its rows, and the feature catalog is in
     * {@code feature_definitions} after the open.
     */
    @Test
    void addsTheAnalyticsTablesAndViewsAndFillsTheFeatureDefinitions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v4.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, 4);
            st.execute("INSERT INTO ohlc_1m VALUES ('binance','X', TIMESTAMP '2025-01-02 03:04:00', "
                    + "1,2,0.5,1.5,10,1.2,3,'live:X', TIMESTAMP '2025-01-02 03:04:06', 0)");
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file);
                Connection c = db.openReader();
                Statement st = c.createStatement()) {
            assertThat(DuckDbSchema.currentVersion(c))
                    .isEqualTo(DuckDbSchema.latestVersion())
                    .isGreaterThanOrEqualTo(5);
            try (ResultSet rs = st.executeQuery("SELECT table_name, table_type FROM information_schema.tables "
                    + "WHERE table_name IN ('quotient_summaries', 'intraday_features', 'feature_definitions', "
                    + "'feed_status', 'quotient_deltas', 'legitimacy_stream', 'influence_gate_feed') ORDER BY 1")) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) tables.add(rs.getString(1) + " " + rs.getString(2));
                assertThat(tables)
                        .containsExactly(
                                "feature_definitions BASE TABLE",
                                "feed_status BASE TABLE",
                                "influence_gate_feed VIEW",
                                "intraday_features BASE TABLE",
                                "legitimacy_stream VIEW",
                                "quotient_deltas VIEW",
                                "quotient_summaries BASE TABLE");
            }
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM ohlc_1m), "
                    + "(SELECT count(*) FROM feature_definitions WHERE is_active)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getLong(2)).isEqualTo(FeatureDefinition.CATALOG.size());
            }
        }
    }

    /** Step 6: a version-5 file gains the decision tables and their view next to its analytics rows. */
    @Test
    void addsTheDecisionTablesAndTheirView(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v5.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, 5);
            st.execute("INSERT INTO feed_status VALUES ('binance', 'WS-1', TIMESTAMP '2025-01-02 03:04:00', "
                    + "'connected', NULL, TIMESTAMP '2025-01-02 03:04:06')");
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file);
                Connection c = db.openReader();
                Statement st = c.createStatement()) {
            assertThat(DuckDbSchema.currentVersion(c))
                    .isEqualTo(DuckDbSchema.latestVersion())
                    .isGreaterThanOrEqualTo(6);
            try (ResultSet rs = st.executeQuery("SELECT table_name, table_type FROM information_schema.tables "
                    + "WHERE table_name LIKE 'stream_%' ORDER BY 1")) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) tables.add(rs.getString(1) + " " + rs.getString(2));
                assertThat(tables)
                        .containsExactly(
                                "stream_actions BASE TABLE", "stream_actions_latest VIEW", "stream_state BASE TABLE");
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT (SELECT count(*) FROM feed_status), " + "(SELECT count(*) FROM stream_actions_latest)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getLong(2)).isZero();
            }
        }
    }

    /**
     * Step 7: a version-6 file gains the gap ledger and the coverage views; its stored Greeks read as realtime and its
     * bars as complete or revised (no gap is known for them); a summary stays legitimate.
     */
    @Test
    void addsTheGapLedgerCoverageAndGreeksAvailability(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v6.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, 6);
            st.execute("INSERT INTO greek_snapshots VALUES ('ibkr', NULL, 'SPY   250117P00450000', 'SPY', "
                    + "DATE '2025-01-17', 450, 'P', TIMESTAMP '2025-01-02 03:04:05', 0.4, NULL, NULL, NULL, NULL, "
                    + "NULL, NULL, NULL, TIMESTAMP '2025-01-02 03:04:05', TIMESTAMP '2025-01-02 03:04:06')");
            st.execute(
                    "INSERT INTO ohlc_1s VALUES ('binance','X', TIMESTAMP '2025-01-02 03:04:05', 1,2,0.5,1.5,10,"
                            + "1.2,3,'live:X', TIMESTAMP '2025-01-02 03:04:06', 0), ('binance','X', "
                            + "TIMESTAMP '2025-01-02 03:04:06', 1,2,0.5,1.5,10,1.2,3,'live:X', TIMESTAMP '2025-01-02 03:04:07', 2)");
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file);
                Connection c = db.openReader();
                Statement st = c.createStatement()) {
            assertThat(DuckDbSchema.currentVersion(c))
                    .isEqualTo(DuckDbSchema.latestVersion())
                    .isGreaterThanOrEqualTo(7);
            try (ResultSet rs = st.executeQuery("SELECT (SELECT availability FROM greek_snapshots), "
                    + "(SELECT count(*) FROM feed_gaps), "
                    + "(SELECT string_agg(coverage, ',' ORDER BY \"timestamp\") FROM ohlc_1s_coverage), "
                    + "(SELECT count(*) FROM ohlc_1m_coverage)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("realtime");
                assertThat(rs.getLong(2)).isZero();
                assertThat(rs.getString(3)).isEqualTo("complete,revised");
                assertThat(rs.getLong(4)).isZero();
            }
            assertThat(new DuckDbGreeksQueries(db)
                            .snapshots("ibkr", null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 10)
                            .get(0)
                            .availability())
                    .isEqualTo(dev.ticktape.model.Greeks.Availability.REALTIME);
        }
    }

    private static Bar bar(BarInterval interval, long tsMs, long trades) {
        return new Bar(interval, "binance", "X", tsMs, 0, 1, 2, 0.5, 1.5, 10, trades, null, null);
    }
}
