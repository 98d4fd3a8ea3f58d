package dev.ticktape.persistence.postgres;

import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.SinkRoute;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops the UTC-day partitions of the time-partitioned tables. Partition {@code <table>_pYYYYMMDD}
 * holds {@code [day 00:00 UTC, next day 00:00 UTC)}; {@code <table>_default} catches rows of days without one.
 *
 * <p>DDL never stalls writers for long: every connection runs with the configured {@code lock_timeout}, a new
 * partition is built as a standalone table ({@code LIKE parent}) and then attached (which takes a weaker lock on
 * the parent than {@code PARTITION OF}), and a lock timeout is retried a few times. Rows that already sit in the
 * DEFAULT partition for that day (which would make the attach fail) are moved into the new table in the same
 * transaction. Thread-safe: the sink thread and the scheduler both call it.
 */
public final class PartitionManager {
    /**
     * Partitioned tables and their time column. {@code intraday_features} is LIST-partitioned by interval first, so
     * its day partitions hang off {@link #featureTable its interval partitions}.
     */
    public static final Map<String, String> TABLES = Map.of(
            "ohlc_1s",
            "\"timestamp\"",
            "ohlc_1m",
            "\"timestamp\"",
            "greek_snapshots",
            "ts",
            "quotient_summaries",
            "end_ts",
            featureTable(BarInterval.S1),
            "\"timestamp\"",
            featureTable(BarInterval.M1),
            "\"timestamp\"",
            "feed_status",
            "ts",
            SinkRoute.DECISION_STATE_TABLE,
            "\"timestamp\"",
            SinkRoute.DECISION_ACTIONS_TABLE,
            "\"timestamp\"");

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final int ATTEMPTS = 5;
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final JdbcConnections connections;
    private final Map<String, Set<LocalDate>> known = new ConcurrentHashMap<>();

    PartitionManager(JdbcConnections connections) {
        this.connections = connections;
    }

    /** The interval partition of {@code intraday_features} whose day partitions hold that interval's features. */
    public static String featureTable(BarInterval interval) {
        return SinkRoute.FEATURES_TABLE + "_" + interval.label();
    }

    /** Name of the partition of {@code table} holding {@code day}. */
    public static String partitionName(String table, LocalDate day) {
        return table + "_p" + SUFFIX.format(day);
    }

    /** Makes sure {@code table} has a partition for each day; days seen before cost nothing. */
    public void ensure(String table, Collection<LocalDate> days) throws SQLException {
        Set<LocalDate> have = known.computeIfAbsent(table, t -> ConcurrentHashMap.newKeySet());
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate d : days) if (!have.contains(d)) missing.add(d);
        if (missing.isEmpty()) return;
        synchronized (this) {
            if (have.isEmpty()) have.addAll(days(table));
            for (LocalDate day : missing) {
                if (have.contains(day)) continue;
                create(table, day);
                have.add(day);
            }
        }
    }

    /** Creates the partitions of every table from yesterday to {@code ahead} days after {@code today}. */
    public void ensureAhead(LocalDate today, int ahead) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        for (int i = -1; i <= ahead; i++) days.add(today.plusDays(i));
        for (String table : TABLES.keySet()) ensure(table, days);
    }

    /** The days that have a partition of {@code table}, oldest first. */
    public List<LocalDate> days(String table) throws SQLException {
        requireKnown(table);
        String sql = "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = ?::regclass AND c.relname LIKE ? ORDER BY c.relname";
        try (Connection c = connections.open();
                PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, table);
            p.setString(2, table + "\\_p%");
            List<LocalDate> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String suffix = r.getString(1).substring(table.length() + 2);
                    out.add(LocalDate.parse(suffix, SUFFIX));
                }
            }
            return out;
        }
    }

    /** Rows in {@code table}'s DEFAULT partition: rows of days that had no partition when written. */
    public long defaultRows(String table) throws SQLException {
        requireKnown(table);
        try (Connection c = connections.open();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table + "_default")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Detaches and drops the partition of {@code day}; a no-op when there is none. */
    public void drop(String table, LocalDate day) throws SQLException {
        requireKnown(table);
        String partition = partitionName(table, day);
        withLockRetry("drop " + partition, c -> {
            try (Statement s = c.createStatement()) {
                if (isPartition(c, partition)) s.execute("ALTER TABLE " + table + " DETACH PARTITION " + partition);
                s.execute("DROP TABLE IF EXISTS " + partition);
            }
        });
        Set<LocalDate> have = known.get(table);
        if (have != null) have.remove(day);
        log.info("dropped partition {}", partition);
    }

    private void create(String table, LocalDate day) throws SQLException {
        String partition = partitionName(table, day);
        String column = TABLES.get(table);
        String from = "'" + day + " 00:00:00+00'";
        String to = "'" + day.plusDays(1) + " 00:00:00+00'";
        withLockRetry("create " + partition, c -> {
            try (Statement s = c.createStatement()) {
                // Sinks started together on one database (N persist processes) create the same partitions: without
                // this lock two CREATE TABLE IF NOT EXISTS race and one fails on pg_type's unique index. Held to
                // commit, so the waiter's check below then sees the partition the other one attached.
                s.execute("SELECT pg_advisory_xact_lock(hashtext('" + table + "'))");
                if (isPartition(c, partition)) return;
                s.execute("CREATE TABLE IF NOT EXISTS " + partition + " (LIKE " + table
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
                int moved = s.executeUpdate("WITH moved AS (DELETE FROM " + table + "_default WHERE " + column
                        + " >= " + from + " AND " + column + " < " + to + " RETURNING *) INSERT INTO " + partition
                        + " SELECT * FROM moved");
                s.execute("ALTER TABLE " + table + " ATTACH PARTITION " + partition + " FOR VALUES FROM (" + from
                        + ") TO (" + to + ")");
                if (moved > 0)
                    log.warn("partition {} created late: moved {} rows out of the default partition", partition, moved);
            }
        });
    }

    private static boolean isPartition(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT relispartition FROM pg_class WHERE relname = ? AND relnamespace = current_schema()::regnamespace")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private void withLockRetry(String what, SqlWork work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connections.open()) {
                c.setAutoCommit(false);
                try {
                    work.run(c);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || attempt == ATTEMPTS) throw e;
                log.warn("{}: lock not granted (attempt {} of {}), retrying", what, attempt, ATTEMPTS);
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void requireKnown(String table) {
        if (!TABLES.containsKey(table)) throw new IllegalArgumentException("not a partitioned table: " + table);
    }

    /** The set of tables the manager already knows, for tests. */
    Set<String> cachedTables() {
        return new HashSet<>(known.keySet());
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }
}
