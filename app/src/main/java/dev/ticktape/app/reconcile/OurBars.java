package dev.ticktape.app.reconcile;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Our side of a comparison: the stored 1s bars, which the topology builds from the trades we received, as they are
 * (1s) or rolled up to minutes exactly as the 1m roll-up does (first open, last close, max high, min low, summed
 * volume and trades, volume-weighted VWAP).
 *
 * <p>Not {@code ohlc_1m}: for Polygon that table also receives the venue's own {@code AM} bars under the same key
 * (the last write wins), so reading it would compare the venue with itself.
 */
public final class OurBars {
    /** More 1s bars than one fetch window can hold. */
    private static final int MAX_ROWS = 1_000_000;

    private final BarQueries queries;

    public OurBars(BarQueries queries) {
        this.queries = queries;
    }

    /** Our bars of {@code interval} starting in {@code [fromMs, toMs)}, by start. */
    public Map<Long, Bar> bars(String venue, String symbol, BarInterval interval, long fromMs, long toMs) {
        List<Bar> seconds = queries.bars(
                BarInterval.S1, venue, symbol, Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs), MAX_ROWS);
        TreeMap<Long, List<Bar>> byWindow = new TreeMap<>();
        for (Bar b : seconds)
            byWindow.computeIfAbsent(interval.start(b.tsMs()), k -> new ArrayList<>())
                    .add(b);
        TreeMap<Long, Bar> out = new TreeMap<>();
        byWindow.forEach((start, bars) -> out.put(start, rollUp(interval, start, bars)));
        return out;
    }

    /** {@code bars} (1s, oldest first) as one bar of {@code interval} starting at {@code start}. */
    static Bar rollUp(BarInterval interval, long start, List<Bar> bars) {
        if (interval == BarInterval.S1 && bars.size() == 1) return bars.get(0);
        Bar first = bars.get(0);
        double high = first.high();
        double low = first.low();
        double volume = 0;
        long trades = 0;
        double notional = 0;
        double vwapVolume = 0;
        for (Bar b : bars) {
            high = Math.max(high, b.high());
            low = Math.min(low, b.low());
            volume += b.volume();
            trades += b.trades();
            if (b.vwap() != null) {
                notional += b.vwap() * b.volume();
                vwapVolume += b.volume();
            }
        }
        Bar last = bars.get(bars.size() - 1);
        return new Bar(
                interval,
                first.venue(),
                first.symbol(),
                start,
                last.recvMs(),
                first.open(),
                high,
                low,
                last.close(),
                volume,
                trades,
                vwapVolume > 0 ? notional / vwapVolume : null,
                first.source());
    }
}
