package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Summary;
import dev.ticktape.persistence.JudgedSummary;
import dev.ticktape.persistence.Legitimacy;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredSummary;
import dev.ticktape.persistence.SummaryQueries;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code quotient_summaries} and its views from the DuckDB file, each call on its own reader connection.
 * Times are bound and read as epoch microseconds, so the JVM time zone never enters.
 */
public final class DuckDbSummaryQueries implements SummaryQueries {
    /** Everything a {@link StoredSummary} needs, in {@link #stored} order; {@code %1$s} qualifies the columns. */
    private static final String COLUMNS = "%1$svenue, %1$ssymbol, %1$swindow_ms, epoch_us(%1$send_ts), %1$sbars, "
            + "%1$sexpected, %1$sfirst_close, %1$slast_close, %1$slog_return, %1$smean_close, %1$sstdev_close, "
            + "%1$smin_close, %1$smax_close, %1$sslope, %1$sslope_norm, %1$szscore, %1$srealized_vol, %1$svolume, "
            + "%1$svwap, %1$srevision, epoch_us(%1$scomputed_at), epoch_us(%1$singested_at)";

    private final DuckDbDatabase database;

    public DuckDbSummaryQueries(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredSummary> summaries(
            String venue, String symbol, Long windowMs, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        List<Object> args = new ArrayList<>(List.of(symbol, DuckDbBarSink.micros(from), DuckDbBarSink.micros(to)));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns(""))
                .append(" FROM quotient_summaries WHERE symbol = ? AND end_ts >= make_timestamp(?) "
                        + "AND end_ts < make_timestamp(?)");
        series(sql, args, venue, windowMs);
        if (after != null) {
            long ts = DuckDbBarSink.micros(after.ts());
            sql.append(" AND (end_ts > make_timestamp(?) OR (end_ts = make_timestamp(?) AND (venue > ? "
                    + "OR (venue = ? AND window_ms > ?))))");
            args.addAll(List.of(ts, ts, after.tie(0), after.tie(0), Long.parseLong(after.tie(1))));
        }
        sql.append(" ORDER BY end_ts, venue, window_ms LIMIT ?");
        args.add((long) limit);
        return query(sql.toString(), args, DuckDbSummaryQueries::stored);
    }

    @Override
    public List<JudgedSummary> latest(String venue, String symbol, Long windowMs) {
        List<Object> args = new ArrayList<>(List.of(symbol));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns("l."))
                .append(", l.reason FROM legitimacy_stream l JOIN (SELECT venue, window_ms, max(end_ts) AS last_ts "
                        + "FROM quotient_summaries WHERE symbol = ?");
        series(sql, args, venue, windowMs);
        sql.append(" GROUP BY venue, window_ms) m ON l.venue = m.venue AND l.window_ms = m.window_ms "
                + "AND l.end_ts = m.last_ts WHERE l.symbol = ? ORDER BY l.venue, l.window_ms");
        args.add(symbol);
        return query(sql.toString(), args, r -> new JudgedSummary(stored(r), Legitimacy.ofReason(r.getString(23))));
    }

    @Override
    public List<StoredSummary> gate(String venue, String symbol, Long windowMs) {
        List<Object> args = new ArrayList<>(List.of(symbol));
        StringBuilder sql =
                new StringBuilder("SELECT ").append(columns("")).append(" FROM influence_gate_feed WHERE symbol = ?");
        series(sql, args, venue, windowMs);
        sql.append(" ORDER BY venue, window_ms");
        return query(sql.toString(), args, DuckDbSummaryQueries::stored);
    }

    @Override
    public Optional<Legitimacy> legitimacy(String venue, String symbol, long windowMs, Instant endTs) {
        String sql = "SELECT reason FROM legitimacy_stream WHERE venue = ? AND symbol = ? AND window_ms = ? "
                + "AND end_ts = make_timestamp(?)";
        return query(sql, List.of(venue, symbol, windowMs, DuckDbBarSink.micros(endTs)), r -> r.getString(1)).stream()
                .findFirst()
                .map(Legitimacy::ofReason);
    }

    private static String columns(String qualifier) {
        return String.format(COLUMNS, qualifier);
    }

    /** Appends the optional venue and window filters. */
    private static void series(StringBuilder sql, List<Object> args, String venue, Long windowMs) {
        if (venue != null) {
            sql.append(" AND venue = ?");
            args.add(venue);
        }
        if (windowMs != null) {
            sql.append(" AND window_ms = ?");
            args.add(windowMs);
        }
    }

    private <T> List<T> query(String sql, List<?> args, DuckDbRead.Row<T> row) {
        return DuckDbRead.list(database, "summary query", sql, args, row);
    }

    private static StoredSummary stored(ResultSet r) throws SQLException {
        Summary s = new Summary(
                r.getString(1),
                r.getString(2),
                Math.floorDiv(r.getLong(4), 1000L),
                Math.floorDiv(r.getLong(21), 1000L),
                r.getLong(3),
                r.getInt(5),
                r.getInt(6),
                r.getDouble(7),
                r.getDouble(8),
                r.getDouble(9),
                r.getDouble(10),
                r.getDouble(11),
                r.getDouble(12),
                r.getDouble(13),
                DuckDbGreeksQueries.nullable(r, 14),
                DuckDbGreeksQueries.nullable(r, 15),
                DuckDbGreeksQueries.nullable(r, 16),
                DuckDbGreeksQueries.nullable(r, 17),
                r.getDouble(18),
                DuckDbGreeksQueries.nullable(r, 19),
                r.getInt(20));
        return new StoredSummary(s, DuckDbGreeksQueries.micros(r.getLong(22)));
    }
}
