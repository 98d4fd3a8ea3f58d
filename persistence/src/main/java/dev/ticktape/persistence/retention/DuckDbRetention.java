package dev.ticktape.persistence.retention;

import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention in DuckDB: per tier one transaction deletes the rows before the first kept UTC day (1m bars are rolled
 * up into {@code ohlc_5m} first, in the same transaction), then a {@code CHECKPOINT} returns the space. Runs on its
 * own connection, so it never uses the sink's writer from another thread. Unless the policy includes replays, only
 * live bar rows are deleted or rolled up; the replayed ones are counted as kept.
 */
public final class DuckDbRetention extends TieredRetention {
    private static final Logger log = LoggerFactory.getLogger(DuckDbRetention.class);

    private final DuckDbDatabase db;

    public DuckDbRetention(DuckDbDatabase db) {
        this.db = db;
    }

    @Override
    public String store() {
        return "duckdb";
    }

    @Override
    void walk(
            List<Tier> tiers,
            Instant now,
            boolean apply,
            List<RetentionReport.Item> items,
            List<RetentionReport.Item> kept)
            throws SQLException {
        try (Connection c = db.openReader()) {
            for (Tier t : tiers) tier(c, t, now, apply, items, kept);
            if (apply && !items.isEmpty()) checkpoint(c);
        }
    }

    @Override
    String failure(SQLException e) {
        return "DuckDB retention failed: " + e.getMessage();
    }

    private static void tier(
            Connection c,
            Tier t,
            Instant now,
            boolean apply,
            List<RetentionReport.Item> items,
            List<RetentionReport.Item> kept)
            throws SQLException {
        String table = t.table();
        boolean rollup = t.rollup();
        LocalDate firstKept = RetentionPolicy.firstKeptDay(now, t.keep());
        long cutoffMicros = firstKept.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        String before = t.scoped(t.timeColumn() + " < make_timestamp(?)");
        String spared = t.spared(before);
        if (spared != null) {
            long replayed = count(c, "SELECT count(*) FROM " + table + " WHERE " + spared, cutoffMicros);
            if (replayed > 0) kept.add(new RetentionReport.Item(table, "replayed rows before " + firstKept, replayed));
        }
        String old = " FROM " + table + " WHERE " + t.eligible(before);
        String what = t.rows() + " before " + firstKept;
        long rows = count(c, "SELECT count(*)" + old, cutoffMicros);
        if (rows == 0) return;
        if (!apply) {
            if (rollup) {
                items.add(new RetentionReport.Item(
                        "ohlc_5m",
                        "roll-up of " + table + " before " + firstKept,
                        count(c, "SELECT count(DISTINCT (venue, symbol, " + bucket() + "))" + old, cutoffMicros)));
            }
            items.add(new RetentionReport.Item(table, what, rows));
            return;
        }
        c.setAutoCommit(false);
        try {
            if (rollup) {
                long written = update(
                        c,
                        "INSERT OR REPLACE INTO ohlc_5m (" + RollupSql.COLUMNS + ") SELECT "
                                + RollupSql.aggregates(
                                        "arg_min(open, \"timestamp\")",
                                        "arg_max(close, \"timestamp\")",
                                        "(now() AT TIME ZONE 'UTC')::TIMESTAMP")
                                + " FROM (SELECT *, " + bucket() + " AS b" + old + ") GROUP BY venue, symbol, b",
                        cutoffMicros);
                items.add(new RetentionReport.Item("ohlc_5m", "roll-up of " + table + " before " + firstKept, written));
            }
            long deleted = update(c, "DELETE" + old, cutoffMicros);
            c.commit();
            items.add(new RetentionReport.Item(table, what, deleted));
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static String bucket() {
        return "time_bucket(INTERVAL 5 MINUTE, \"timestamp\", TIMESTAMP '2000-01-01 00:00:00')";
    }

    private static void checkpoint(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            // A busy writer can refuse it; DuckDB checkpoints on its own later, the deleted rows are gone anyway.
            log.warn("DuckDB checkpoint after retention deferred: {}", e.getMessage());
        }
    }

    private static long count(Connection c, String sql, long micros) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, micros);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long update(Connection c, String sql, long micros) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, micros);
            return p.executeUpdate();
        }
    }
}
