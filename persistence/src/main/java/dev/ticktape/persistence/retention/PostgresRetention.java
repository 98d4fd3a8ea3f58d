package dev.ticktape.persistence.retention;

import dev.ticktape.persistence.SinkErrors;
import dev.ticktape.persistence.postgres.PartitionManager;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Retention in PostgreSQL: a tier ages out by dropping whole day partitions (detach, then drop, under the short
 * lock timeout, retried), which is instant and leaves no bloat. Rows that sit in a DEFAULT partition are deleted.
 * 1m bars are rolled up into {@code ohlc_5m} (an upsert, so a re-run after a failure is harmless) before their
 * partition goes.
 */
public final class PostgresRetention extends TieredRetention {
    private final PostgresDatabase db;

    public PostgresRetention(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public String store() {
        return "postgres";
    }

    @Override
    void walk(List<Tier> tiers, Instant now, boolean apply, List<RetentionReport.Item> items) throws SQLException {
        for (Tier t : tiers) tier(t, now, apply, items);
    }

    @Override
    String failure(SQLException e) {
        return "PostgreSQL retention failed: " + SinkErrors.describe(e);
    }

    private void tier(Tier t, Instant now, boolean apply, List<RetentionReport.Item> items) throws SQLException {
        String table = t.table();
        boolean rollup = t.rollup();
        LocalDate firstKept = RetentionPolicy.firstKeptDay(now, t.keep());
        OffsetDateTime cutoff = firstKept.atStartOfDay().atOffset(ZoneOffset.UTC);
        String column = t.timeColumn();
        for (LocalDate day : db.partitions().days(table)) {
            if (!day.isBefore(firstKept)) break;
            String partition = PartitionManager.partitionName(table, day);
            if (rollup) {
                long written = apply
                        ? rollUp(partition, null)
                        : count("SELECT count(DISTINCT (venue, symbol, " + bucket() + ")) FROM " + partition, null);
                items.add(new RetentionReport.Item("ohlc_5m", "roll-up of " + partition, written));
            }
            long rows = count("SELECT count(*) FROM " + partition, null);
            if (apply) db.partitions().drop(table, day);
            items.add(new RetentionReport.Item(table, "partition " + partition, rows));
        }
        String stray = table + "_default";
        long strayRows = count("SELECT count(*) FROM " + stray + " WHERE " + column + " < ?", cutoff);
        if (strayRows == 0) return;
        if (rollup) {
            long written = apply
                    ? rollUp(stray, cutoff)
                    : count(
                            "SELECT count(DISTINCT (venue, symbol, " + bucket() + ")) FROM " + stray + " WHERE "
                                    + column + " < ?",
                            cutoff);
            items.add(new RetentionReport.Item("ohlc_5m", "roll-up of " + stray + " before " + firstKept, written));
        }
        if (apply) update("DELETE FROM " + stray + " WHERE " + column + " < ?", cutoff);
        items.add(new RetentionReport.Item(table, "rows of " + stray + " before " + firstKept, strayRows));
    }

    private static String bucket() {
        return "date_bin('5 minutes', \"timestamp\", TIMESTAMPTZ '2000-01-01 00:00:00+00')";
    }

    private long rollUp(String source, OffsetDateTime before) throws SQLException {
        String sql = "INSERT INTO ohlc_5m (" + RollupSql.COLUMNS + ") SELECT "
                + RollupSql.aggregates(
                        "(array_agg(open ORDER BY \"timestamp\"))[1]",
                        "(array_agg(close ORDER BY \"timestamp\" DESC))[1]",
                        "now()")
                + " FROM (SELECT *, " + bucket() + " AS b FROM " + source
                + (before == null ? "" : " WHERE \"timestamp\" < ?") + ") m GROUP BY venue, symbol, b "
                + "ON CONFLICT (venue, symbol, \"timestamp\") DO UPDATE SET open = EXCLUDED.open, "
                + "high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, "
                + "vwap = EXCLUDED.vwap, trades = EXCLUDED.trades, source_file = EXCLUDED.source_file, "
                + "ingested_at = EXCLUDED.ingested_at";
        return update(sql, before);
    }

    private long count(String sql, OffsetDateTime param) throws SQLException {
        try (Connection c = db.jdbc().open();
                PreparedStatement p = c.prepareStatement(sql)) {
            if (param != null) p.setObject(1, param);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private long update(String sql, OffsetDateTime param) throws SQLException {
        try (Connection c = db.jdbc().open();
                PreparedStatement p = c.prepareStatement(sql)) {
            if (param != null) p.setObject(1, param);
            return p.executeUpdate();
        }
    }
}
