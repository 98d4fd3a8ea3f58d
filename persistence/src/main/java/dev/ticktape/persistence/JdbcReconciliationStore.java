package dev.ticktape.persistence;

import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ReconciliationStore} over JDBC, for the DuckDB file and PostgreSQL alike: the volume (a row per instrument
 * and minute) needs no batching machinery, and one class keeps both stores' SQL side by side. Each call opens its
 * own connection. Times are bound and read as epoch numbers, so no time zone enters.
 */
public final class JdbcReconciliationStore implements ReconciliationStore {
    /** Opens a connection. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    /** How a store spells a time parameter, a time column read back, and a JSON parameter. */
    private enum Dialect {
        DUCKDB("make_timestamp(? * 1000)", "epoch_ms(%s)", "?"),
        POSTGRES("to_timestamp(?::double precision / 1000)", "(extract(epoch from %s) * 1000)::bigint", "?::jsonb");

        final String time;
        final String epochMs;
        final String json;

        Dialect(String time, String epochMs, String json) {
            this.time = time;
            this.epochMs = epochMs;
            this.json = json;
        }
    }

    private static final String COLUMNS =
            "venue, symbol, \"interval\", ts, status, fields_differing, ours, theirs, " + "checked_at";

    private final Connections writer;
    private final Connections reader;
    private final Dialect dialect;

    private JdbcReconciliationStore(Connections writer, Connections reader, Dialect dialect) {
        this.writer = writer;
        this.reader = reader;
        this.dialect = dialect;
    }

    public static JdbcReconciliationStore duckdb(DuckDbDatabase db) {
        return new JdbcReconciliationStore(db::openWriter, db::openReader, Dialect.DUCKDB);
    }

    public static JdbcReconciliationStore postgres(PostgresDatabase db) {
        return new JdbcReconciliationStore(db.jdbc()::open, db.jdbc()::open, Dialect.POSTGRES);
    }

    @Override
    public void upsert(List<BarReconciliation> rows) {
        if (rows.isEmpty()) return;
        String sql = "INSERT INTO bar_reconciliation (" + COLUMNS + ") VALUES (?, ?, ?, " + dialect.time + ", ?, ?, "
                + dialect.json + ", " + dialect.json + ", " + dialect.time + ") "
                + "ON CONFLICT (venue, symbol, \"interval\", ts) DO UPDATE SET status = excluded.status, "
                + "fields_differing = excluded.fields_differing, ours = excluded.ours, theirs = excluded.theirs, "
                + "checked_at = excluded.checked_at";
        try (Connection c = writer.open();
                PreparedStatement p = c.prepareStatement(sql)) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (BarReconciliation r : rows) {
                    p.setString(1, r.venue());
                    p.setString(2, r.symbol());
                    p.setString(3, r.interval());
                    p.setLong(4, r.tsMs());
                    p.setString(5, r.status());
                    p.setString(6, String.join(",", r.fieldsDiffering()));
                    p.setString(7, r.ours());
                    p.setString(8, r.theirs());
                    p.setLong(9, r.checkedAtMs());
                    p.executeUpdate(); // one statement per row: ON CONFLICT may touch a key once per statement
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bar_reconciliation upsert failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<BarReconciliation> rows(
            String venue, String symbol, String interval, String status, Instant from, Instant to, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(args, venue, symbol, interval, status, from, to);
        String sql = "SELECT venue, symbol, \"interval\", " + String.format(dialect.epochMs, "ts")
                + ", status, fields_differing, " + text("ours") + ", " + text("theirs") + ", "
                + String.format(dialect.epochMs, "checked_at") + " FROM bar_reconciliation" + where
                + " ORDER BY ts, venue, symbol, \"interval\" LIMIT " + Math.max(0, limit);
        List<BarReconciliation> out = new ArrayList<>();
        query(
                sql,
                args,
                r -> out.add(new BarReconciliation(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getLong(4),
                        r.getString(5),
                        r.getString(6).isEmpty()
                                ? List.of()
                                : Arrays.asList(r.getString(6).split(",")),
                        r.getString(7),
                        r.getString(8),
                        r.getLong(9))));
        return out;
    }

    @Override
    public Map<String, Long> countByStatus(String venue, String symbol, String interval, Instant from, Instant to) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT status, count(*) FROM bar_reconciliation"
                + where(args, venue, symbol, interval, null, from, to) + " GROUP BY status ORDER BY status";
        Map<String, Long> out = new LinkedHashMap<>();
        query(sql, args, r -> out.put(r.getString(1), r.getLong(2)));
        return out;
    }

    private String text(String column) {
        return dialect == Dialect.POSTGRES ? column + "::text" : column;
    }

    private String where(
            List<Object> args, String venue, String symbol, String interval, String status, Instant from, Instant to) {
        List<String> terms = new ArrayList<>();
        if (venue != null) {
            terms.add("venue = ?");
            args.add(venue);
        }
        if (symbol != null) {
            terms.add("symbol = ?");
            args.add(symbol);
        }
        if (interval != null) {
            terms.add("\"interval\" = ?");
            args.add(interval);
        }
        if (status != null) {
            terms.add("status = ?");
            args.add(status);
        }
        if (from != null) {
            terms.add("ts >= " + dialect.time);
            args.add(from.toEpochMilli());
        }
        if (to != null) {
            terms.add("ts < " + dialect.time);
            args.add(to.toEpochMilli());
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet r) throws SQLException;
    }

    private void query(String sql, List<Object> args, RowReader row) {
        try (Connection c = reader.open();
                PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) row.read(r);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bar_reconciliation query failed: " + e.getMessage(), e);
        }
    }
}
