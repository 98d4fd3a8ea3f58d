package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarSink;
import io.netty.buffer.ByteBuf;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import reactor.core.publisher.Flux;

/**
 * Upserts bars into the day-partitioned {@code ohlc_1s} / {@code ohlc_1m} of PostgreSQL.
 *
 * <p>Written {@link CopyFirst COPY-first}: the first emissions (revision 0) of each interval are one binary {@code
 * COPY} straight into the table, the revisions one {@code INSERT ... SELECT FROM UNNEST($1::text[], ...) ON CONFLICT
 * DO UPDATE}; if a first emission's key is already stored (a replay), the COPY fails on the primary key and the batch
 * is rewritten by that upsert alone. Live batches are new bars, and COPY of them costs about what a plain COPY into
 * the same table does, where the upsert of every row costs about twice that (see {@link PostgresSinkBench}: the
 * conflict check, a speculative insertion and its confirmation per row). {@code ON CONFLICT DO UPDATE} refuses to
 * touch one row twice in a statement and a COPY would fail on a repeated key, so repeated keys are reduced first,
 * each to its highest revision (the last bar on a tie).
 *
 * <p>A stored row is replaced only by a revision at least as high ({@code ... DO UPDATE ... WHERE
 * EXCLUDED.revision >= <table>.revision}): a redelivered older revision never overwrites a newer one, while a
 * replay of the same revision rewrites the row.
 *
 * <p>Before writing, the partitions of the batch's days are made to exist (a cache makes that free after the
 * first batch of a day), so a replay of old data lands in day partitions, not in the DEFAULT one. Both interval
 * tables change in one transaction (a batch of one statement runs in auto-commit, atomic on its own). The caller's thread blocks for at most {@link PostgresDatabase#blockTimeout()}.
 */
public final class PostgresBarSink implements BarSink {
    /** {@code %1$s} is the table; {@code $13} is the batch's write time, shared by every row. */
    private static final String UPSERT_TEMPLATE = "INSERT INTO %1$s (venue, symbol, \"timestamp\", open, high, low, "
            + "close, volume, vwap, trades, source_file, revision, ingested_at) "
            + "SELECT u.*, $13 FROM UNNEST($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::float8[], "
            + "$6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::int8[], $11::text[], $12::int4[]) AS u "
            + "ON CONFLICT (venue, symbol, \"timestamp\") DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, "
            + "low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, "
            + "trades = EXCLUDED.trades, source_file = EXCLUDED.source_file, revision = EXCLUDED.revision, "
            + "ingested_at = EXCLUDED.ingested_at WHERE EXCLUDED.revision >= %1$s.revision";

    /** The columns of the COPY, in the order {@link #encode} writes them. */
    static final String COLUMNS = "venue, symbol, \"timestamp\", open, high, low, close, volume, vwap, trades, "
            + "source_file, revision, ingested_at";

    private static final long DAY_MS = 86_400_000L;

    private final PostgresDatabase db;
    private final Clock clock;
    private final CopyFirst writer = new CopyFirst("bar");

    public PostgresBarSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code ingested_at}. */
    public PostgresBarSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void write(List<Bar> batch) {
        if (batch.isEmpty()) return;
        Map<BarInterval, Map<BarKey, Bar>> byInterval = reduce(batch);
        List<CopyFirst.Step> copyFirst = new ArrayList<>();
        List<CopyFirst.Step> upsert = new ArrayList<>();
        for (Map.Entry<BarInterval, Map<BarKey, Bar>> e : byInterval.entrySet()) {
            BarInterval interval = e.getKey();
            List<Bar> fresh = new ArrayList<>();
            List<Bar> revised = new ArrayList<>();
            for (Bar b : e.getValue().values()) (b.revision() == 0 ? fresh : revised).add(b);
            String target = interval.table() + " (" + COLUMNS + ")";
            if (!fresh.isEmpty()) copyFirst.add((c, at) -> BinaryCopy.copyIn(c, target, encode(fresh, at)));
            if (!revised.isEmpty())
                copyFirst.add((c, at) -> upsert(c, interval, revised, at).then());
            upsert.add((c, at) -> upsert(c, interval, e.getValue().values(), at).then());
        }
        writer.write(db, clock, batch.size() + " bars", () -> ensurePartitions(byInterval), copyFirst, upsert);
    }

    /** The upsert alone, every row through UNNEST: the fallback, and the previous write path (for the bench). */
    void upsertOnly(List<Bar> batch) {
        Map<BarInterval, Map<BarKey, Bar>> byInterval = reduce(batch);
        List<CopyFirst.Step> upsert = new ArrayList<>();
        for (Map.Entry<BarInterval, Map<BarKey, Bar>> e : byInterval.entrySet()) {
            upsert.add(
                    (c, at) -> upsert(c, e.getKey(), e.getValue().values(), at).then());
        }
        new CopyFirst("bar")
                .write(db, clock, batch.size() + " bars", () -> ensurePartitions(byInterval), List.of(), upsert);
    }

    /** The partitions of the batch's days, per table (cached: free after the first batch of a day). */
    private void ensurePartitions(Map<BarInterval, Map<BarKey, Bar>> byInterval) throws SQLException {
        for (Map.Entry<BarInterval, Map<BarKey, Bar>> e : byInterval.entrySet()) {
            Set<LocalDate> days = new TreeSet<>();
            for (BarKey k : e.getValue().keySet()) days.add(LocalDate.ofEpochDay(Math.floorDiv(k.tsMs(), DAY_MS)));
            db.partitions().ensure(e.getKey().table(), days);
        }
    }

    /** Per interval, the last row of each key at its highest revision (the later one on a tie), in batch order. */
    private static Map<BarInterval, Map<BarKey, Bar>> reduce(List<Bar> batch) {
        Map<BarInterval, Map<BarKey, Bar>> byInterval = new EnumMap<>(BarInterval.class);
        for (Bar b : batch) {
            byInterval
                    .computeIfAbsent(b.interval(), i -> new LinkedHashMap<>())
                    .merge(new BarKey(b.venue(), b.symbol(), b.tsMs()), b, PostgresBarSink::newer);
        }
        return byInterval;
    }

    /** Binary COPY rows in {@link #COLUMNS} order. */
    static ByteBuf encode(Collection<Bar> bars, OffsetDateTime ingestedAt) {
        long ingestedMicros = ingestedAt.toInstant().getEpochSecond() * 1_000_000L + ingestedAt.getNano() / 1_000;
        BinaryCopy out = new BinaryCopy(bars.size(), 160);
        for (Bar b : bars) {
            out.row(13)
                    .text(b.venue())
                    .text(b.symbol())
                    .timestamptz(b.tsMs())
                    .float8(b.open())
                    .float8(b.high())
                    .float8(b.low())
                    .float8(b.close())
                    .float8(b.volume())
                    .float8(b.vwap())
                    .int8(b.trades())
                    .text(source(b))
                    .int4(b.revision())
                    .timestamptzMicros(ingestedMicros);
        }
        return out.finish();
    }

    private static String source(Bar b) {
        return b.source() != null ? b.source() : "live:" + b.symbol();
    }

    private static Flux<Long> upsert(
            Connection c, BarInterval interval, Collection<Bar> bars, OffsetDateTime ingestedAt) {
        int n = bars.size();
        String[] venue = new String[n];
        String[] symbol = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        Double[] open = new Double[n];
        Double[] high = new Double[n];
        Double[] low = new Double[n];
        Double[] close = new Double[n];
        Double[] volume = new Double[n];
        Double[] vwap = new Double[n];
        Long[] trades = new Long[n];
        String[] source = new String[n];
        Integer[] revision = new Integer[n];
        int i = 0;
        for (Bar b : bars) {
            venue[i] = b.venue();
            symbol[i] = b.symbol();
            ts[i] = PgTime.utcMillis(b.tsMs());
            open[i] = b.open();
            high[i] = b.high();
            low[i] = b.low();
            close[i] = b.close();
            volume[i] = b.volume();
            vwap[i] = b.vwap();
            trades[i] = b.trades();
            source[i] = source(b);
            revision[i] = b.revision();
            i++;
        }
        return Flux.from(c.createStatement(String.format(UPSERT_TEMPLATE, interval.table()))
                        .bind("$1", venue)
                        .bind("$2", symbol)
                        .bind("$3", ts)
                        .bind("$4", open)
                        .bind("$5", high)
                        .bind("$6", low)
                        .bind("$7", close)
                        .bind("$8", volume)
                        .bind("$9", vwap)
                        .bind("$10", trades)
                        .bind("$11", source)
                        .bind("$12", revision)
                        .bind("$13", ingestedAt)
                        .execute())
                .concatMap(Result::getRowsUpdated);
    }

    /** Of two bars with the same key in one batch, the higher revision; the later one on a tie. */
    private static Bar newer(Bar earlier, Bar later) {
        return later.revision() >= earlier.revision() ? later : earlier;
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record BarKey(String venue, String symbol, long tsMs) {}
}
