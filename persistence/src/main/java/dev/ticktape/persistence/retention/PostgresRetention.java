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
 * partition goes. Unless the policy includes replays, a day partition that holds replayed bars is never dropped:
 * its live rows are rolled up and deleted instead, and the replayed ones are reported as kept.
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
    void walk(
            List<Tier> tiers,
            Instant now,
            boolean apply,
            List<RetentionReport.Item> items,
            List<RetentionReport.Item> kept)
            throws SQLException {
        for (Tier t : tiers) tier(t, now, apply, items, kept);
    }

    @Override
    String failure(SQLException e) {
        return "PostgreSQL retention failed: " + SinkErrors.describe(e);
    }

    private void tier(
            Tier t, Instant now, boolean apply, List<RetentionReport.Item> items, List<RetentionReport.Item> kept)
            throws SQLException {
        String table = t.table();
        String parent = parent(t);
        LocalDate firstKept = RetentionPolicy.firstKeptDay(now, t.keep());
        OffsetDateTime cutoff = firstKept.atStartOfDay().atOffset(ZoneOffset.UTC);
        for (LocalDate day : db.partitions().days(parent)) {
            if (!day.isBefore(firstKept)) break;
            String partition = PartitionManager.partitionName(parent, day);
            long replayed = t.live() == null
                    ? 0
                    : count("SELECT count(*) FROM " + partition + " WHERE NOT (" + t.live() + ")", null);
            if (replayed == 0) {
                dropPartition(t, day, partition, apply, items);
            } else {
                // Dropping would take the replayed rows with it: delete the live ones row by row instead.
                kept.add(new RetentionReport.Item(table, "replayed rows of partition " + partition, replayed));
                age(t, partition, "TRUE", null, "live rows of partition " + partition, apply, items);
            }
        }
        String stray = parent + "_default";
        String before = t.timeColumn() + " < ?";
        String spared = t.spared(before);
        if (spared != null) {
            long replayed = count("SELECT count(*) FROM " + stray + " WHERE " + spared, cutoff);
            if (replayed > 0)
                kept.add(new RetentionReport.Item(
                        table, "replayed rows of " + stray + " before " + firstKept, replayed));
        }
        String what = (t.live() == null ? "rows of " : "live rows of ") + stray + " before " + firstKept;
        age(t, stray, before, cutoff, what, apply, items);
    }

    private void dropPartition(Tier t, LocalDate day, String partition, boolean apply, List<RetentionReport.Item> items)
            throws SQLException {
        if (t.rollup()) {
            long written = apply
                    ? rollUp(partition, "TRUE", null)
                    : count("SELECT count(DISTINCT (venue, symbol, " + bucket() + ")) FROM " + partition, null);
            items.add(new RetentionReport.Item("ohlc_5m", "roll-up of " + partition, written));
        }
        long rows = count("SELECT count(*) FROM " + partition, null);
        if (apply) db.partitions().drop(parent(t), day);
        items.add(new RetentionReport.Item(t.table(), "partition " + partition, rows));
    }

    /**
     * The partitioned table whose day partitions hold the tier's rows: the table itself, or for a tier of one
     * interval of {@code intraday_features} that interval's partition.
     */
    private static String parent(Tier t) {
        return t.interval() == null ? t.table() : PartitionManager.featureTable(t.interval());
    }

    /** Rolls up (for 1m) and deletes the rows of {@code source} matching {@code cond} that the tier lets go. */
    private void age(
            Tier t,
            String source,
            String cond,
            OffsetDateTime param,
            String what,
            boolean apply,
            List<RetentionReport.Item> items)
            throws SQLException {
        String where = " WHERE " + t.eligible(cond);
        long rows = count("SELECT count(*) FROM " + source + where, param);
        if (rows == 0) return;
        if (t.rollup()) {
            long written = apply
                    ? rollUp(source, t.eligible(cond), param)
                    : count("SELECT count(DISTINCT (venue, symbol, " + bucket() + ")) FROM " + source + where, param);
            items.add(new RetentionReport.Item("ohlc_5m", "roll-up of " + what, written));
        }
        if (apply) update("DELETE FROM " + source + where, param);
        items.add(new RetentionReport.Item(t.table(), what, rows));
    }

    private static String bucket() {
        return "date_bin('5 minutes', \"timestamp\", TIMESTAMPTZ '2000-01-01 00:00:00+00')";
    }

    private long rollUp(String source, String where, OffsetDateTime param) throws SQLException {
        String sql = "INSERT INTO ohlc_5m (" + RollupSql.COLUMNS + ") SELECT "
                + RollupSql.aggregates(
                        "(array_agg(open ORDER BY \"timestamp\"))[1]",
                        "(array_agg(close ORDER BY \"timestamp\" DESC))[1]",
                        "now()")
                + " FROM (SELECT *, " + bucket() + " AS b FROM " + source + " WHERE " + where
                + ") m GROUP BY venue, symbol, b "
                + "ON CONFLICT (venue, symbol, \"timestamp\") DO UPDATE SET open = EXCLUDED.open, "
                + "high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, "
                + "vwap = EXCLUDED.vwap, trades = EXCLUDED.trades, source_file = EXCLUDED.source_file, "
                + "ingested_at = EXCLUDED.ingested_at";
        return update(sql, param);
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
