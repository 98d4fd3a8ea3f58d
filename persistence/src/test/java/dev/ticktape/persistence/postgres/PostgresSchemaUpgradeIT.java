package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.features.FeatureDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class PostgresSchemaUpgradeIT {
    @Test
    void opensADatabaseAtVersionOneAndUpgradesItInPlaceKeepingItsRows() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(PostgresDatabase.MIGRATIONS)
                    .target("1")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            try (Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                st.execute(
                        "INSERT INTO ohlc_1s VALUES ('ndjson','X','2025-01-02T03:04:05Z',1,2,0.5,1.5,10,1.2,3,'live:X',"
                                + "'2025-01-02T03:04:06Z')");
            }
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                    Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                try (ResultSet rs =
                        st.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(2);
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_1s")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_5m")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /**
     * V3 on a version-2 database with a day partition and a DEFAULT row: every existing row reads as revision 0,
     * the column refuses NULL in every partition, revised bars upsert into the old partition, and a partition made
     * after the upgrade still takes over its day's DEFAULT rows.
     */
    @Test
    void addsTheRevisionColumnToExistingPartitionsInPlace() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        LocalDate day = LocalDate.parse("2025-01-02");
        LocalDate later = LocalDate.parse("2025-01-03");
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(PostgresDatabase.MIGRATIONS)
                    .target("2")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            new PartitionManager(jdbc).ensure("ohlc_1s", List.of(day));
            try (Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                st.execute(
                        "INSERT INTO ohlc_1s VALUES ('binance','X','2025-01-02T03:04:05Z',1,2,0.5,1.5,10,1.2,3,'live:X',"
                                + "'2025-01-02T03:04:06Z'), ('binance','X','2025-01-03T03:04:05Z',1,2,0.5,1.5,10,1.2,4,'live:X',"
                                + "'2025-01-03T03:04:06Z')");
                st.execute(
                        "INSERT INTO ohlc_1m VALUES ('binance','X','2025-01-02T03:04:00Z',1,2,0.5,1.5,10,1.2,5,'live:X',"
                                + "'2025-01-02T03:05:06Z')");
            }
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                    Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                try (ResultSet rs =
                        st.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(3);
                }
                // Every partition (day and DEFAULT) of both tables has the column, NOT NULL, default 0.
                try (ResultSet rs = st.executeQuery("SELECT c.relname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) "
                        + "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'revision' "
                        + "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
                        + "WHERE c.relname IN ('ohlc_1s', 'ohlc_1s_default', 'ohlc_1s_p20250102', 'ohlc_1m', "
                        + "'ohlc_1m_default') ORDER BY 1")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                        assertThat(rs.getBoolean(2))
                                .as(rs.getString(1) + " NOT NULL")
                                .isTrue();
                        assertThat(rs.getString(3))
                                .as(rs.getString(1) + " default")
                                .isEqualTo("0");
                    }
                    assertThat(n).isEqualTo(5);
                }
                assertThat(rows(
                                st,
                                "SELECT tableoid::regclass || ' ' || revision || '/' || trades FROM ohlc_1s "
                                        + "ORDER BY \"timestamp\""))
                        .containsExactly("ohlc_1s_p20250102 0/3", "ohlc_1s_default 0/4");
                assertThat(rows(st, "SELECT revision || '/' || trades FROM ohlc_1m"))
                        .containsExactly("0/5");

                PostgresBarSink sink = new PostgresBarSink(db);
                long ts = Instant.parse("2025-01-02T03:04:05Z").toEpochMilli();
                sink.write(List.of(bar(ts, 9).withRevision(2)));
                sink.write(List.of(bar(ts, 8).withRevision(1)));
                assertThat(rows(
                                st,
                                "SELECT tableoid::regclass || ' ' || revision || '/' || trades FROM ohlc_1s "
                                        + "WHERE \"timestamp\" = '2025-01-02T03:04:05Z'"))
                        .containsExactly("ohlc_1s_p20250102 2/9");

                // The DEFAULT row of the 3rd moves into its new partition with its revision column.
                db.partitions().ensure("ohlc_1s", List.of(later));
                assertThat(rows(
                                st,
                                "SELECT tableoid::regclass || ' ' || revision || '/' || trades FROM ohlc_1s "
                                        + "WHERE \"timestamp\" >= '2025-01-03'"))
                        .containsExactly("ohlc_1s_p20250103 0/4");
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /** V4: the executions stored as {@code trades} keep their rows under {@code executions}; the old name reads. */
    @Test
    void renamesTheExecutionsTableAndKeepsTheOldNameAsAView() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(PostgresDatabase.MIGRATIONS)
                    .target("3")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            try (Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                st.execute(
                        "INSERT INTO trades (broker, exec_id, symbol, side, price, qty, ts, received_at, persisted_at) "
                                + "VALUES ('ibkr','E1','SPY','buy',1.5,2,'2025-01-02T03:04:05Z','2025-01-02T03:04:05Z',"
                                + "'2025-01-02T03:04:06Z')");
            }
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                    Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                assertThat(rows(st, "SELECT max(version::int)::text FROM flyway_schema_history WHERE success"))
                        .singleElement()
                        .satisfies(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(4));
                assertThat(rows(st, "SELECT exec_id FROM executions")).containsExactly("E1");
                assertThat(rows(st, "SELECT exec_id FROM trades")).containsExactly("E1");
                assertThat(rows(st, "SELECT table_type FROM information_schema.tables WHERE table_name = 'trades'"))
                        .containsExactly("VIEW");
                assertThat(rows(st, "SELECT indexname FROM pg_indexes WHERE tablename = 'executions' ORDER BY 1"))
                        .containsExactly("executions_pkey", "executions_ts");
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /**
     * V5 on a version-4 database: the analytics tables and views exist, their partitions are created ahead like the
     * bars' (features per interval), and the feature catalog is in {@code feature_definitions}.
     */
    @Test
    void addsTheAnalyticsTablesWithTheirPartitionsAndFillsTheFeatureDefinitions() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(PostgresDatabase.MIGRATIONS)
                    .target("4")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                    Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                assertThat(rows(st, "SELECT max(version::int)::text FROM flyway_schema_history WHERE success"))
                        .singleElement()
                        .satisfies(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(5));
                assertThat(rows(
                                st,
                                "SELECT table_name || ' ' || table_type FROM information_schema.tables "
                                        + "WHERE table_name IN ('quotient_summaries', 'intraday_features', "
                                        + "'feature_definitions', 'feed_status', 'quotient_deltas', "
                                        + "'legitimacy_stream', 'influence_gate_feed') ORDER BY 1"))
                        .containsExactly(
                                "feature_definitions BASE TABLE",
                                "feed_status BASE TABLE",
                                "influence_gate_feed VIEW",
                                "intraday_features BASE TABLE",
                                "legitimacy_stream VIEW",
                                "quotient_deltas VIEW",
                                "quotient_summaries BASE TABLE");
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                for (String table :
                        List.of("quotient_summaries", "intraday_features_1s", "intraday_features_1m", "feed_status")) {
                    assertThat(db.partitions().days(table)).as(table).contains(today, today.plusDays(1));
                }
                assertThat(rows(st, "SELECT count(*)::text FROM feature_definitions WHERE is_active"))
                        .containsExactly(String.valueOf(FeatureDefinition.CATALOG.size()));
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /** V6 on a version-5 database: the decision tables and their view exist, with day partitions made ahead. */
    @Test
    void addsTheDecisionTablesWithTheirPartitions() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(PostgresDatabase.MIGRATIONS)
                    .target("5")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                    Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                assertThat(rows(st, "SELECT max(version::int)::text FROM flyway_schema_history WHERE success"))
                        .singleElement()
                        .satisfies(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(6));
                assertThat(rows(
                                st,
                                "SELECT table_name || ' ' || table_type FROM information_schema.tables "
                                        + "WHERE table_name IN ('stream_state', 'stream_actions', "
                                        + "'stream_actions_latest') ORDER BY 1"))
                        .containsExactly(
                                "stream_actions BASE TABLE", "stream_actions_latest VIEW", "stream_state BASE TABLE");
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                for (String table : List.of("stream_state", "stream_actions")) {
                    assertThat(db.partitions().days(table)).as(table).contains(today, today.plusDays(1));
                }
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /**
     * V7 on a version-6 database: the gap ledger and the coverage views exist; stored Greeks read as realtime (also
     * in an existing day partition) and stored bars as complete or revised.
     */
    @Test
    void addsTheGapLedgerCoverageAndGreeksAvailability() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(PostgresDatabase.MIGRATIONS)
                    .target("6")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            try (Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                st.execute(
                        "INSERT INTO greek_snapshots (broker, contract_key, underlying, expiry, strike, option_right, "
                                + "ts, delta, received_at, persisted_at) VALUES ('ibkr', 'SPY   250117P00450000', 'SPY', "
                                + "'2025-01-17', 450, 'P', '2025-01-02T03:04:05Z', 0.4, '2025-01-02T03:04:05Z', "
                                + "'2025-01-02T03:04:06Z')");
                st.execute("INSERT INTO ohlc_1s VALUES ('binance','X','2025-01-02T03:04:05Z',1,2,0.5,1.5,10,1.2,3,"
                        + "'live:X','2025-01-02T03:04:06Z',0), ('binance','X','2025-01-02T03:04:06Z',1,2,0.5,1.5,10,1.2,"
                        + "3,'live:X','2025-01-02T03:04:07Z',2)");
            }
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                    Connection c = pg.jdbc(url);
                    Statement st = c.createStatement()) {
                assertThat(rows(st, "SELECT max(version::int)::text FROM flyway_schema_history WHERE success"))
                        .singleElement()
                        .satisfies(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(7));
                assertThat(rows(st, "SELECT availability FROM greek_snapshots")).containsExactly("realtime");
                assertThat(rows(st, "SELECT count(*)::text FROM feed_gaps")).containsExactly("0");
                assertThat(rows(st, "SELECT coverage FROM ohlc_1s_coverage ORDER BY \"timestamp\""))
                        .containsExactly("complete", "revised");
                assertThat(rows(st, "SELECT count(*)::text FROM ohlc_1m_coverage"))
                        .containsExactly("0");
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    private static Bar bar(long tsMs, long trades) {
        return new Bar(BarInterval.S1, "binance", "X", tsMs, 0, 1, 2, 0.5, 1.5, 10, trades, null, null);
    }

    private static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
