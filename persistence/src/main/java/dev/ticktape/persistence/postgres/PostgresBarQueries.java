package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Coverage;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.InstrumentStats;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.SeriesSummary;
import dev.ticktape.persistence.SinkErrors;
import dev.ticktape.persistence.StoredBar;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Reads bars from PostgreSQL through the pool. Blocks the calling thread (an HTTP worker, never a reactive one)
 * for at most {@link PostgresDatabase#blockTimeout()}. Thread-safe.
 */
public final class PostgresBarQueries implements BarQueries {
    private static final String COLUMNS =
            "venue, symbol, \"timestamp\", open, high, low, close, volume, vwap, trades, source_file, ingested_at, "
                    + "revision";

    private final PostgresDatabase db;

    public PostgresBarQueries(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<StoredBar> storedBars(
            BarInterval interval, String venue, String symbol, Instant from, Instant to, PageKey after, int limit) {
        // r2dbc numbers parameters without gaps: the key columns follow the venue's $5, or take its place.
        int k = venue == null ? 5 : 6;
        // The page of bars first, then the gaps that can overlap the range, read once: each bar is judged against
        // those few instead of walking every older gap of the venue on the index (the ohlc_*_coverage views' rule).
        String sql = "WITH b AS (SELECT " + COLUMNS + " FROM " + interval.table()
                + " WHERE symbol = $1 AND \"timestamp\" >= $2 AND \"timestamp\" < $3"
                + (venue == null ? "" : " AND venue = $5")
                + (after == null
                        ? ""
                        : " AND (\"timestamp\" > $" + k + " OR (\"timestamp\" = $" + k + " AND venue > $" + (k + 1)
                                + "))")
                + " ORDER BY \"timestamp\", venue LIMIT $4), "
                + "g AS MATERIALIZED (SELECT venue, instruments, from_ts, to_ts, cause, recovery FROM feed_gaps "
                + "WHERE from_ts < $3 + interval '" + interval.millis() + " milliseconds' "
                + "AND (to_ts IS NULL OR to_ts > $2)) "
                + "SELECT b.*, " + coverage(interval) + " FROM b ORDER BY b.\"timestamp\", b.venue";
        return query(
                interval.table(),
                c -> {
                    Statement s = c.createStatement(sql)
                            .bind("$1", symbol)
                            .bind("$2", PgTime.utc(from))
                            .bind("$3", PgTime.utc(to))
                            .bind("$4", (long) limit);
                    if (venue != null) s.bind("$5", venue);
                    if (after != null) s.bind("$" + k, PgTime.utc(after.ts())).bind("$" + (k + 1), after.tie(0));
                    return s;
                },
                r -> storedBar(interval, r));
    }

    @Override
    public List<SeriesSummary> series(BarInterval interval) {
        String sql = "SELECT venue, symbol, count(*), min(\"timestamp\"), max(\"timestamp\"), max(ingested_at) FROM "
                + interval.table() + " GROUP BY venue, symbol ORDER BY venue, symbol";
        return query(
                interval.table(),
                c -> c.createStatement(sql),
                r -> new SeriesSummary(
                        new InstrumentId(r.get(0, String.class), r.get(1, String.class)),
                        r.get(2, Long.class),
                        instant(r, 3),
                        instant(r, 4),
                        instant(r, 5)));
    }

    @Override
    public List<InstrumentStats> instruments(BarInterval interval) {
        String sql = "SELECT venue, symbol, count(*), count(*) FILTER (WHERE source_file LIKE 'live:%'), "
                + "min(\"timestamp\"), max(\"timestamp\"), (array_agg(close ORDER BY \"timestamp\" DESC))[1] FROM "
                + interval.table() + " GROUP BY venue, symbol ORDER BY venue, symbol";
        return query(
                interval.table(),
                c -> c.createStatement(sql),
                r -> new InstrumentStats(
                        new InstrumentId(r.get(0, String.class), r.get(1, String.class)),
                        r.get(2, Long.class),
                        r.get(3, Long.class),
                        instant(r, 4),
                        instant(r, 5),
                        r.get(6, Double.class)));
    }

    /**
     * The coverage of bar {@code b} against the gaps {@code g}: the rule of {@link Coverage#of}, as in the
     * {@code ohlc_*_coverage} views of V7.
     */
    private static String coverage(BarInterval interval) {
        String over = "SELECT 1 FROM g WHERE g.venue = b.venue AND (cardinality(g.instruments) = 0 "
                + "OR b.symbol = ANY (g.instruments)) AND g.from_ts < b.\"timestamp\" + interval '" + interval.millis()
                + " milliseconds' AND (g.to_ts IS NULL OR g.to_ts > b.\"timestamp\") AND g.cause NOT IN ('book_sequence_gap', 'book_resync') AND g.recovery ";
        return "CASE WHEN EXISTS (" + over + "<> 'backfilled') THEN 'feed_gap' WHEN EXISTS (" + over
                + "= 'backfilled') THEN 'backfilled' WHEN b.revision > 0 THEN 'revised' ELSE 'complete' END";
    }

    private <T> List<T> query(String table, Function<Connection, Statement> statement, Function<Readable, T> row) {
        try {
            return Flux.usingWhen(
                            db.pool().create(),
                            c -> Flux.from(statement.apply(c).execute()).concatMap(res -> res.map(row::apply)),
                            Connection::close)
                    .collectList()
                    .timeout(db.blockTimeout())
                    .block();
        } catch (RuntimeException e) {
            throw new IllegalStateException("query on " + table + " failed: " + SinkErrors.describe(e), e);
        }
    }

    private static StoredBar storedBar(BarInterval interval, Readable r) {
        Instant ingestedAt = instant(r, 11);
        Bar bar = new Bar(
                interval,
                r.get(0, String.class),
                r.get(1, String.class),
                instant(r, 2).toEpochMilli(),
                ingestedAt.toEpochMilli(),
                r.get(3, Double.class),
                r.get(4, Double.class),
                r.get(5, Double.class),
                r.get(6, Double.class),
                r.get(7, Double.class),
                r.get(9, Long.class),
                r.get(8, Double.class),
                r.get(10, String.class),
                r.get(12, Integer.class));
        return new StoredBar(bar, ingestedAt, Coverage.parse(r.get(13, String.class)));
    }

    private static Instant instant(Readable r, int index) {
        return r.get(index, OffsetDateTime.class).toInstant();
    }
}
