package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Summary;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.SinkRoute;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Upserts summaries into the day-partitioned (on {@code end_ts}) {@code quotient_summaries} of PostgreSQL, one
 * UNNEST statement per batch (see {@link PostgresBarSink}). A stored row is replaced only by a revision at least as
 * high; a key repeated within the batch keeps its highest revision, the last one on a tie. Column mapping as in the
 * DuckDB sink.
 */
public final class PostgresSummarySink implements EventSink<Summary> {
    /** The 14 double columns, {@code $7..$20}, in table order. */
    private static final int MEASURES = 14;

    private static final String UPSERT = "INSERT INTO quotient_summaries (venue, symbol, window_ms, end_ts, bars, "
            + "expected, coverage, first_close, last_close, log_return, mean_close, stdev_close, min_close, max_close, "
            + "slope, slope_norm, zscore, realized_vol, volume, vwap, revision, computed_at, ingested_at) "
            + "SELECT u.*, $23 FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::timestamptz[], $5::int4[], "
            + "$6::int4[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], "
            + "$13::float8[], $14::float8[], $15::float8[], $16::float8[], $17::float8[], $18::float8[], "
            + "$19::float8[], $20::float8[], $21::int4[], $22::timestamptz[]) AS u "
            + "ON CONFLICT (venue, symbol, window_ms, end_ts) DO UPDATE SET bars = EXCLUDED.bars, "
            + "expected = EXCLUDED.expected, coverage = EXCLUDED.coverage, first_close = EXCLUDED.first_close, "
            + "last_close = EXCLUDED.last_close, log_return = EXCLUDED.log_return, "
            + "mean_close = EXCLUDED.mean_close, stdev_close = EXCLUDED.stdev_close, "
            + "min_close = EXCLUDED.min_close, max_close = EXCLUDED.max_close, slope = EXCLUDED.slope, "
            + "slope_norm = EXCLUDED.slope_norm, zscore = EXCLUDED.zscore, realized_vol = EXCLUDED.realized_vol, "
            + "volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, revision = EXCLUDED.revision, "
            + "computed_at = EXCLUDED.computed_at, ingested_at = EXCLUDED.ingested_at "
            + "WHERE EXCLUDED.revision >= quotient_summaries.revision";

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresSummarySink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code ingested_at}. */
    public PostgresSummarySink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-summaries";
    }

    @Override
    public void write(List<Summary> batch) {
        if (batch.isEmpty()) return;
        Collection<Summary> rows = UpsertBatch.highestPerKey(
                batch, s -> new Key(s.venue(), s.symbol(), s.windowMs(), s.tsMs()), Summary::revision);
        UpsertBatch.write(
                db,
                clock,
                batch.size() + " summaries",
                () -> db.partitions().ensure(SinkRoute.SUMMARIES_TABLE, UpsertBatch.days(rows, Summary::tsMs)),
                (c, at) -> upsert(c, rows, at));
    }

    /** One statement in auto-commit: atomic on its own. */
    private static Flux<Long> upsert(Connection c, Collection<Summary> rows, OffsetDateTime ingestedAt) {
        int n = rows.size();
        String[] venue = new String[n];
        String[] symbol = new String[n];
        Long[] windowMs = new Long[n];
        OffsetDateTime[] endTs = new OffsetDateTime[n];
        Integer[] bars = new Integer[n];
        Integer[] expected = new Integer[n];
        Double[][] measures = new Double[MEASURES][n];
        Integer[] revision = new Integer[n];
        OffsetDateTime[] computedAt = new OffsetDateTime[n];
        int i = 0;
        for (Summary s : rows) {
            venue[i] = s.venue();
            symbol[i] = s.symbol();
            windowMs[i] = s.windowMs();
            endTs[i] = PgTime.utcMillis(s.tsMs());
            bars[i] = s.bars();
            expected[i] = s.expected();
            Double[] m = {
                s.coverage(),
                s.firstClose(),
                s.lastClose(),
                s.logReturn(),
                s.meanClose(),
                s.stdevClose(),
                s.minClose(),
                s.maxClose(),
                s.slope(),
                s.slopeNorm(),
                s.zscore(),
                s.realizedVol(),
                s.volume(),
                s.vwap()
            };
            for (int k = 0; k < MEASURES; k++) measures[k][i] = m[k];
            revision[i] = s.revision();
            computedAt[i] = PgTime.utcMillis(s.recvMs());
            i++;
        }
        var s = c.createStatement(UPSERT)
                .bind("$1", venue)
                .bind("$2", symbol)
                .bind("$3", windowMs)
                .bind("$4", endTs)
                .bind("$5", bars)
                .bind("$6", expected);
        for (int k = 0; k < MEASURES; k++) s.bind("$" + (7 + k), measures[k]);
        s.bind("$21", revision).bind("$22", computedAt).bind("$23", ingestedAt);
        return Flux.from(s.execute()).concatMap(Result::getRowsUpdated);
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record Key(String venue, String symbol, long windowMs, long tsMs) {}
}
