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

    /** The columns of {@code quotient_summaries}, in table order: the views list them rather than {@code *}. */
    static final String SUMMARY_COLUMNS = "venue, symbol, window_ms, end_ts, bars, expected, coverage, first_close, "
            + "last_close, log_return, mean_close, stdev_close, min_close, max_close, slope, slope_norm, zscore, "
            + "realized_vol, volume, vwap, revision, computed_at, ingested_at";

    /** The fields {@code quotient_deltas} differences against the previous summary, as {@code d_<field>}. */
    private static final List<String> DELTA_FIELDS = List.of(
            "coverage",
            "last_close",
            "log_return",
            "mean_close",
            "stdev_close",
            "slope",
            "slope_norm",
            "zscore",
            "realized_vol",
            "volume",
            "vwap");

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
                            "CREATE VIEW trades AS SELECT * FROM executions")),
            // The analytics tables and views; docs/analytics.md is their contract.
            new Step(
                    5,
                    "summaries, intraday features, feature definitions, feed status",
                    List.of(
                            "CREATE TABLE IF NOT EXISTS quotient_summaries (venue VARCHAR NOT NULL, "
                                    + "symbol VARCHAR NOT NULL, window_ms BIGINT NOT NULL, end_ts TIMESTAMP NOT NULL, "
                                    + "bars INTEGER NOT NULL, expected INTEGER NOT NULL, coverage DOUBLE NOT NULL, "
                                    + "first_close DOUBLE NOT NULL, last_close DOUBLE NOT NULL, "
                                    + "log_return DOUBLE NOT NULL, mean_close DOUBLE NOT NULL, "
                                    + "stdev_close DOUBLE NOT NULL, min_close DOUBLE NOT NULL, "
                                    + "max_close DOUBLE NOT NULL, slope DOUBLE, slope_norm DOUBLE, zscore DOUBLE, "
                                    + "realized_vol DOUBLE, volume DOUBLE NOT NULL, vwap DOUBLE, "
                                    + "revision INTEGER NOT NULL, computed_at TIMESTAMP NOT NULL, "
                                    + "ingested_at TIMESTAMP NOT NULL, PRIMARY KEY (venue, symbol, window_ms, end_ts))",
                            "CREATE TABLE IF NOT EXISTS intraday_features (venue VARCHAR NOT NULL, "
                                    + "symbol VARCHAR NOT NULL, bar_interval VARCHAR NOT NULL, "
                                    + "\"timestamp\" TIMESTAMP NOT NULL, feature_name VARCHAR NOT NULL, "
                                    + "value DOUBLE NOT NULL, version VARCHAR NOT NULL, session_date DATE NOT NULL, "
                                    + "bar_revision INTEGER NOT NULL, computed_at TIMESTAMP NOT NULL, "
                                    + "ingested_at TIMESTAMP NOT NULL, "
                                    + "PRIMARY KEY (venue, symbol, bar_interval, \"timestamp\", feature_name, version))",
                            "CREATE TABLE IF NOT EXISTS feature_definitions (name VARCHAR NOT NULL, "
                                    + "version VARCHAR NOT NULL, description VARCHAR NOT NULL, formula VARCHAR NOT NULL, "
                                    + "lookback_bars INTEGER NOT NULL, is_active BOOLEAN NOT NULL, "
                                    + "PRIMARY KEY (name, version))",
                            "CREATE TABLE IF NOT EXISTS feed_status (venue VARCHAR NOT NULL, "
                                    + "connection VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, state VARCHAR NOT NULL, "
                                    + "detail VARCHAR, ingested_at TIMESTAMP NOT NULL, "
                                    + "PRIMARY KEY (venue, connection, ts))",
                            "CREATE VIEW quotient_deltas AS SELECT " + SUMMARY_COLUMNS
                                    + ", lag(end_ts) OVER w AS prev_end_ts, "
                                    + "epoch_ms(end_ts) - epoch_ms(lag(end_ts) OVER w) AS gap_ms, "
                                    + deltas("OVER w")
                                    + " FROM quotient_summaries "
                                    + "WINDOW w AS (PARTITION BY venue, symbol, window_ms ORDER BY end_ts)",
                            // Per summary and connection of its venue, the connection's latest status at or before
                            // end_ts (ASOF), counted only when it is younger than 120 s.
                            "CREATE VIEW legitimacy_stream AS " + legitimacy(false),
                            "CREATE VIEW influence_gate_feed AS SELECT " + SUMMARY_COLUMNS
                                    + " FROM legitimacy_stream WHERE legitimate "
                                    + "QUALIFY row_number() OVER (PARTITION BY venue, symbol, window_ms "
                                    + "ORDER BY end_ts DESC) = 1")),
            // The decisions; docs/decisions.md is their contract. Text compares byte-wise here (the default
            // collation), as in PostgreSQL's COLLATE "C" columns, so both stores break ties and page alike.
            new Step(
                    6,
                    "decisions: stream_state, stream_actions, stream_actions_latest",
                    List.of(
                            "CREATE TABLE IF NOT EXISTS stream_state (\"timestamp\" TIMESTAMP NOT NULL, "
                                    + "venue VARCHAR NOT NULL, symbol VARCHAR NOT NULL, close DOUBLE NOT NULL, "
                                    + "state INTEGER NOT NULL, gate_open BOOLEAN NOT NULL, posture VARCHAR NOT NULL, "
                                    + "source_file VARCHAR NOT NULL, run_id VARCHAR NOT NULL, "
                                    + "ingested_at TIMESTAMP NOT NULL, PRIMARY KEY (run_id, venue, symbol, \"timestamp\"))",
                            "CREATE TABLE IF NOT EXISTS stream_actions (\"timestamp\" TIMESTAMP NOT NULL, "
                                    + "venue VARCHAR NOT NULL, symbol VARCHAR NOT NULL, state INTEGER NOT NULL, "
                                    + "direction VARCHAR NOT NULL, target_exposure DOUBLE NOT NULL, "
                                    + "delta_exposure DOUBLE NOT NULL, urgency DOUBLE NOT NULL, hold BOOLEAN NOT NULL, "
                                    + "actionability DOUBLE NOT NULL, reason VARCHAR NOT NULL, "
                                    + "gate_open BOOLEAN NOT NULL, posture VARCHAR NOT NULL, cost DOUBLE NOT NULL, "
                                    + "source_file VARCHAR NOT NULL, run_id VARCHAR NOT NULL, "
                                    + "computed_at TIMESTAMP NOT NULL, ingested_at TIMESTAMP NOT NULL, "
                                    + "PRIMARY KEY (run_id, venue, symbol, \"timestamp\"))",
                            // Per instrument, the action of its latest bar start; of several runs there, the
                            // greatest run id.
                            "CREATE VIEW stream_actions_latest AS SELECT \"timestamp\", venue, symbol, state, "
                                    + "direction, target_exposure, delta_exposure, urgency, hold, actionability, reason, "
                                    + "gate_open, posture, cost, source_file, run_id, computed_at, ingested_at "
                                    + "FROM stream_actions QUALIFY row_number() OVER (PARTITION BY venue, symbol "
                                    + "ORDER BY \"timestamp\" DESC, run_id DESC) = 1")),
            // The gap ledger and what it decides: docs/data-quality.md is the contract. Snapshots stored before
            // this step came from records without an availability, which the model reads as realtime.
            new Step(
                    7,
                    "gap ledger, bar coverage views, feed_gap legitimacy rule, Greeks availability",
                    List.of(
                            "CREATE TABLE IF NOT EXISTS feed_gaps (venue VARCHAR NOT NULL, "
                                    + "connection VARCHAR NOT NULL, from_ts TIMESTAMP NOT NULL, "
                                    + "cause VARCHAR NOT NULL, to_ts TIMESTAMP, instruments VARCHAR[] NOT NULL, "
                                    + "recovery VARCHAR NOT NULL, recovered BIGINT NOT NULL, detail VARCHAR, "
                                    + "received_at TIMESTAMP NOT NULL, ingested_at TIMESTAMP NOT NULL, "
                                    + "PRIMARY KEY (venue, connection, from_ts, cause))",
                            "ALTER TABLE greek_snapshots ADD COLUMN availability VARCHAR NOT NULL DEFAULT 'realtime'",
                            coverageView(BarInterval.S1),
                            coverageView(BarInterval.M1),
                            "CREATE OR REPLACE VIEW legitimacy_stream AS " + legitimacy(true))),
            // docs/reconciliation.md is this table's contract.
            new Step(
                    8,
                    "bar reconciliation against the venues' own bars",
                    List.of("CREATE TABLE IF NOT EXISTS bar_reconciliation (venue VARCHAR NOT NULL, "
                            + "symbol VARCHAR NOT NULL, \"interval\" VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, "
                            + "status VARCHAR NOT NULL, fields_differing VARCHAR NOT NULL, ours VARCHAR, "
                            + "theirs VARCHAR, checked_at TIMESTAMP NOT NULL, "
                            + "PRIMARY KEY (venue, symbol, \"interval\", ts))")));

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

    /** {@code d_<field> = field - lag(field) <over>} for every field of {@link #DELTA_FIELDS}. */
    private static String deltas(String over) {
        return String.join(
                ", ",
                DELTA_FIELDS.stream()
                        .map(f -> f + " - lag(" + f + ") " + over + " AS d_" + f)
                        .toList());
    }

    /** The bar columns, in table order, as the coverage views list them. */
    static final String BAR_COLUMNS = "venue, symbol, \"timestamp\", open, high, low, close, volume, vwap, trades, "
            + "source_file, ingested_at, revision";

    /**
     * {@code ohlc_1s_coverage} / {@code ohlc_1m_coverage}: every stored bar with its {@code coverage}
     * ({@link #coverage}). It judges every bar it reads and DuckDB does not push a filter on the bars below the
     * gap join, so a range is quicker read the way {@link DuckDbBarQueries} reads it.
     */
    static String coverageView(BarInterval interval) {
        return "CREATE VIEW " + interval.table() + "_coverage AS SELECT b." + BAR_COLUMNS.replace(", ", ", b.") + ", "
                + coverage("b", "feed_gaps", interval) + " AS coverage FROM " + interval.table() + " b";
    }

    /**
     * The coverage of the bar aliased {@code bar} against the gap rows of {@code gaps} (the table, or a subset of it
     * with its columns), the rule of {@link dev.ticktape.model.Coverage#of}: a gap of the bar's venue that names the
     * bar's symbol (or names none: the whole connection) and overlaps {@code [timestamp, timestamp + interval)} (an
     * open gap has no end) makes it {@code feed_gap} unless backfilled, then {@code backfilled}; else a revision
     * above 0 makes it {@code revised}; else {@code complete}. Computed at read time, so a later backfill changes it.
     */
    static String coverage(String bar, String gaps, BarInterval interval) {
        String over = "SELECT 1 FROM " + gaps + " g WHERE g.venue = " + bar + ".venue AND "
                + GAP_NAMES_SYMBOL.formatted(bar + ".symbol") + " AND g.from_ts < " + bar + ".\"timestamp\" + INTERVAL "
                + interval.millis() + " MILLISECOND AND (g.to_ts IS NULL OR g.to_ts > " + bar + ".\"timestamp\") "
                + "AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery ";
        return "CASE WHEN EXISTS (" + over + "<> 'backfilled') THEN 'feed_gap' WHEN EXISTS (" + over
                + "= 'backfilled') THEN 'backfilled' WHEN " + bar + ".revision > 0 THEN 'revised' "
                + "ELSE 'complete' END";
    }

    /** A gap applies to an instrument when it lists it or lists none (the whole connection). */
    private static final String GAP_NAMES_SYMBOL = "(len(g.instruments) = 0 OR list_contains(g.instruments, %s))";

    /**
     * The {@code legitimacy_stream} query. Per summary and connection of its venue, the connection's latest status
     * at or before end_ts (ASOF), counted only when it is younger than 120 s; with {@code gaps} (step 7), an
     * unrecovered gap of the instrument overlapping the window {@code [end_ts - window_ms, end_ts)} is
     * {@code feed_gap}, judged after the feed status and before the coverage.
     */
    private static String legitimacy(boolean gaps) {
        String feedGap = gaps
                ? "WHEN EXISTS (SELECT 1 FROM feed_gaps g WHERE g.venue = s.venue AND "
                        + GAP_NAMES_SYMBOL.formatted("s.symbol")
                        + " AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery <> 'backfilled' "
                        + "AND g.from_ts < s.end_ts AND (g.to_ts IS NULL "
                        + "OR g.to_ts > s.end_ts - to_milliseconds(s.window_ms))) THEN 'feed_gap' "
                : "";
        return "WITH probe AS ("
                + "SELECT s.venue, s.symbol, s.window_ms, s.end_ts, c.connection "
                + "FROM quotient_summaries s "
                + "JOIN (SELECT DISTINCT venue, connection FROM feed_status) c ON c.venue = s.venue), "
                + "latest AS (SELECT p.venue, p.symbol, p.window_ms, p.end_ts, f.state FROM probe p "
                + "ASOF JOIN feed_status f "
                + "ON f.venue = p.venue AND f.connection = p.connection AND f.ts <= p.end_ts "
                + "WHERE f.ts > p.end_ts - INTERVAL 120 SECOND), "
                + "feed AS (SELECT venue, symbol, window_ms, end_ts, "
                + "bool_or(state = 'disconnected') AS disconnected, "
                + "bool_or(state = 'degraded') AS degraded "
                + "FROM latest GROUP BY venue, symbol, window_ms, end_ts), "
                + "judged AS (SELECT s.*, CASE WHEN f.disconnected THEN 'feed_disconnected' "
                + "WHEN f.degraded THEN 'feed_degraded' " + feedGap + "WHEN s.coverage < 0.5 THEN 'low_coverage' "
                + "ELSE 'ok' END AS reason FROM quotient_summaries s LEFT JOIN feed f "
                + "ON f.venue = s.venue AND f.symbol = s.symbol AND f.window_ms = s.window_ms "
                + "AND f.end_ts = s.end_ts) "
                + "SELECT " + SUMMARY_COLUMNS + ", reason = 'ok' AS legitimate, reason FROM judged";
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
