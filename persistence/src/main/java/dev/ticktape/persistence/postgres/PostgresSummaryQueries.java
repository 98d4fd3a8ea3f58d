package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Summary;
import dev.ticktape.persistence.JudgedSummary;
import dev.ticktape.persistence.Legitimacy;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredSummary;
import dev.ticktape.persistence.SummaryQueries;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code quotient_summaries} and its views from PostgreSQL through the pool; blocks for at most
 * {@link PostgresDatabase#blockTimeout()}. Thread-safe.
 */
public final class PostgresSummaryQueries implements SummaryQueries {
    /** Everything a {@link StoredSummary} needs, in {@link #stored} order; {@code %1$s} qualifies the columns. */
    private static final String COLUMNS = "%1$svenue, %1$ssymbol, %1$swindow_ms, %1$send_ts, %1$sbars, %1$sexpected, "
            + "%1$sfirst_close, %1$slast_close, %1$slog_return, %1$smean_close, %1$sstdev_close, %1$smin_close, "
            + "%1$smax_close, %1$sslope, %1$sslope_norm, %1$szscore, %1$srealized_vol, %1$svolume, %1$svwap, "
            + "%1$srevision, %1$scomputed_at, %1$singested_at";

    private final PostgresDatabase db;

    public PostgresSummaryQueries(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<StoredSummary> summaries(
            String venue, String symbol, Long windowMs, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        PostgresRead read = new PostgresRead();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns(""))
                .append(" FROM quotient_summaries WHERE symbol = ")
                .append(read.param(symbol))
                .append(" AND end_ts >= ")
                .append(read.param(PgTime.utc(from)))
                .append(" AND end_ts < ")
                .append(read.param(PgTime.utc(to)));
        series(sql, read, venue, windowMs);
        if (after != null) {
            String ts = read.param(PgTime.utc(after.ts()));
            String v = read.param(after.tie(0));
            String w = read.param(Long.parseLong(after.tie(1)));
            sql.append(" AND (end_ts > " + ts + " OR (end_ts = " + ts + " AND (venue > " + v + " OR (venue = " + v
                    + " AND window_ms > " + w + "))))");
        }
        sql.append(" ORDER BY end_ts, venue, window_ms LIMIT ").append(read.param((long) limit));
        return read.list(db, "summary query", sql.toString(), PostgresSummaryQueries::stored);
    }

    @Override
    public List<JudgedSummary> latest(String venue, String symbol, Long windowMs) {
        PostgresRead read = new PostgresRead();
        String s = read.param(symbol);
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns("l."))
                .append(", l.reason FROM legitimacy_stream l JOIN (SELECT venue, window_ms, max(end_ts) AS last_ts "
                        + "FROM quotient_summaries WHERE symbol = ")
                .append(s);
        series(sql, read, venue, windowMs);
        sql.append(" GROUP BY venue, window_ms) m ON l.venue = m.venue AND l.window_ms = m.window_ms "
                        + "AND l.end_ts = m.last_ts WHERE l.symbol = ")
                .append(s)
                .append(" ORDER BY l.venue, l.window_ms");
        return read.list(
                db,
                "summary query",
                sql.toString(),
                r -> new JudgedSummary(stored(r), Legitimacy.ofReason(r.get(22, String.class))));
    }

    @Override
    public List<StoredSummary> gate(String venue, String symbol, Long windowMs) {
        PostgresRead read = new PostgresRead();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns(""))
                .append(" FROM influence_gate_feed WHERE symbol = ")
                .append(read.param(symbol));
        series(sql, read, venue, windowMs);
        sql.append(" ORDER BY venue, window_ms");
        return read.list(db, "summary query", sql.toString(), PostgresSummaryQueries::stored);
    }

    @Override
    public Optional<Legitimacy> legitimacy(String venue, String symbol, long windowMs, Instant endTs) {
        PostgresRead read = new PostgresRead();
        String sql = "SELECT reason FROM legitimacy_stream WHERE venue = " + read.param(venue) + " AND symbol = "
                + read.param(symbol) + " AND window_ms = " + read.param(windowMs) + " AND end_ts = "
                + read.param(PgTime.utc(endTs));
        return read.list(db, "legitimacy query", sql, r -> r.get(0, String.class)).stream()
                .findFirst()
                .map(Legitimacy::ofReason);
    }

    private static String columns(String qualifier) {
        return String.format(COLUMNS, qualifier);
    }

    /** Appends the optional venue and window filters. */
    private static void series(StringBuilder sql, PostgresRead read, String venue, Long windowMs) {
        if (venue != null) sql.append(" AND venue = ").append(read.param(venue));
        if (windowMs != null) sql.append(" AND window_ms = ").append(read.param(windowMs));
    }

    private static StoredSummary stored(Readable r) {
        Summary s = new Summary(
                r.get(0, String.class),
                r.get(1, String.class),
                PostgresGreeksQueries.instant(r, 3).toEpochMilli(),
                PostgresGreeksQueries.instant(r, 20).toEpochMilli(),
                r.get(2, Long.class),
                r.get(4, Integer.class),
                r.get(5, Integer.class),
                r.get(6, Double.class),
                r.get(7, Double.class),
                r.get(8, Double.class),
                r.get(9, Double.class),
                r.get(10, Double.class),
                r.get(11, Double.class),
                r.get(12, Double.class),
                r.get(13, Double.class),
                r.get(14, Double.class),
                r.get(15, Double.class),
                r.get(16, Double.class),
                r.get(17, Double.class),
                r.get(18, Double.class),
                r.get(19, Integer.class));
        return new StoredSummary(s, PostgresGreeksQueries.instant(r, 21));
    }
}
