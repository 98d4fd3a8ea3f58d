package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.BarInterval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema of the DuckDB file. {@link #migrate} applies, in order and each in its own transaction, every
 * {@link Step} newer than the version recorded in {@code schema_version}, so running it on every start is safe.
 *
 * <p>Time columns are {@code TIMESTAMP} (microseconds) holding UTC wall time; nothing in the file depends on the
 * session time zone. {@code timestamp} is the bar start, {@code ingested_at} the time of the write; {@code revision}
 * (1s and 1m bars) is the bar's {@link dev.ticktape.model.Bar#revision()}, so a stored row is never replaced by an
 * older revision.
 */
public final class DuckDbSchema {

    /** One migration: its version, a description and the statements that bring the previous version to it. */
    public record Step(int version, String description, List<String> statements) {
        public Step {
            statements = List.copyOf(statements);
        }
    }

    /** Every step, oldest first. Append new steps; never edit a released one. */
    public static final List<Step> STEPS = List.of(
            new Step(1, "bar tables", List.of(barTable(BarInterval.S1), barTable(BarInterval.M1))),
            new Step(
                    2,
                    "5m roll-ups, Greeks snapshots, account trades",
                    List.of(
                            barTable("ohlc_5m"),
                            "CREATE TABLE IF NOT EXISTS greek_snapshots (broker VARCHAR NOT NULL, account VARCHAR, "
                                    + "contract_key VARCHAR NOT NULL, underlying VARCHAR NOT NULL, expiry DATE NOT NULL, "
                                    + "strike DOUBLE NOT NULL, option_right VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, "
                                    + "delta DOUBLE, gamma DOUBLE, theta DOUBLE, vega DOUBLE, rho DOUBLE, iv DOUBLE, "
                                    + "underlying_price DOUBLE, mark DOUBLE, received_at TIMESTAMP NOT NULL, "
                                    + "persisted_at TIMESTAMP NOT NULL, PRIMARY KEY (broker, contract_key, ts))",
                            "CREATE TABLE IF NOT EXISTS trades (broker VARCHAR NOT NULL, exec_id VARCHAR NOT NULL, "
                                    + "account VARCHAR, order_id VARCHAR, symbol VARCHAR NOT NULL, side VARCHAR NOT NULL, "
                                    + "price DOUBLE NOT NULL, qty DOUBLE NOT NULL, ts TIMESTAMP NOT NULL, "
                                    + "contract_key VARCHAR, underlying VARCHAR, expiry DATE, strike DOUBLE, "
                                    + "option_right VARCHAR, received_at TIMESTAMP NOT NULL, persisted_at TIMESTAMP NOT NULL, "
                                    + "PRIMARY KEY (broker, exec_id))")),
            // Existing rows were first emissions as far as anyone knows: revision 0.
            new Step(3, "bar revision", List.of(addRevision(BarInterval.S1), addRevision(BarInterval.M1))),
            // "trades" held account fills while md.trades holds market prints: the table is named for what it holds,
            // and a view keeps the old name readable for existing notebooks and queries.
            new Step(
                    4,
                    "account executions table renamed",
                    List.of(
                            "ALTER TABLE trades RENAME TO executions",
                            "CREATE VIEW trades AS SELECT * FROM executions")));

    private DuckDbSchema() {}

    /** The version the file has after {@link #migrate}. */
    public static int latestVersion() {
        return STEPS.get(STEPS.size() - 1).version();
    }

    /**
     * Brings the schema up to {@link #latestVersion()}. Leaves the connection's auto-commit as it found it.
     *
     * @return the versions applied by this call (empty when the file was current)
     */
    public static List<Integer> migrate(Connection c) throws SQLException {
        return migrate(c, latestVersion());
    }

    /** Applies the steps up to {@code target} (tests build older files with it). */
    static List<Integer> migrate(Connection c, int target) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        List<Integer> applied = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
            int current = currentVersion(c);
            c.setAutoCommit(false);
            for (Step step : STEPS) {
                if (step.version() <= current || step.version() > target) continue;
                try {
                    for (String sql : step.statements()) s.execute(sql);
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO schema_version VALUES " + "(?, ?, (now() AT TIME ZONE 'UTC')::TIMESTAMP)")) {
                        p.setInt(1, step.version());
                        p.setString(2, step.description());
                        p.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
                applied.add(step.version());
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return applied;
    }

    /** The highest applied version, 0 for an empty file. */
    public static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String addRevision(BarInterval interval) {
        return "ALTER TABLE " + interval.table() + " ADD COLUMN revision INTEGER NOT NULL DEFAULT 0";
    }

    private static String barTable(BarInterval interval) {
        return barTable(interval.table());
    }

    private static String barTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " ("
                + "venue VARCHAR NOT NULL, symbol VARCHAR NOT NULL, \"timestamp\" TIMESTAMP NOT NULL, "
                + "open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, "
                + "volume DOUBLE NOT NULL, vwap DOUBLE, trades BIGINT NOT NULL, source_file VARCHAR NOT NULL, "
                + "ingested_at TIMESTAMP NOT NULL, PRIMARY KEY (venue, symbol, \"timestamp\"))";
    }
}
