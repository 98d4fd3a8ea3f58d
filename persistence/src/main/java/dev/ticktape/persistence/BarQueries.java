package dev.ticktape.persistence;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import java.time.Instant;
import java.util.List;

/** Read access to stored bars, for the HTTP API. Thread-safe. */
public interface BarQueries {

    /**
     * Bars of one instrument whose start lies in {@code [from, to)}, oldest first, at most {@code limit}.
     * Each bar's {@code recvMs} is the time its row was written.
     *
     * @param venue the venue, or null for every venue that has the symbol
     */
    default List<Bar> bars(BarInterval interval, String venue, String symbol, Instant from, Instant to, int limit) {
        return storedBars(interval, venue, symbol, from, to, limit).stream()
                .map(StoredBar::bar)
                .toList();
    }

    /** As {@link #bars}, with the exact write time of each row (for latency measurements). */
    default List<StoredBar> storedBars(
            BarInterval interval, String venue, String symbol, Instant from, Instant to, int limit) {
        return storedBars(interval, venue, symbol, from, to, null, limit);
    }

    /**
     * One page of {@link #storedBars}: ordered by bar start then venue, only rows after {@code after} (bar start,
     * venue), at most {@code limit}.
     *
     * @param after the key of the previous page's last row, or null for the first page
     */
    List<StoredBar> storedBars(
            BarInterval interval, String venue, String symbol, Instant from, Instant to, PageKey after, int limit);

    /**
     * One line per instrument in the interval's table with its bar counts, bar range and last close, ordered by
     * venue and symbol. A full scan of the table: for discovery and for naming near misses, not per request.
     */
    List<InstrumentStats> instruments(BarInterval interval);

    /** One line per instrument present in the interval's table, ordered by venue and symbol. */
    List<SeriesSummary> series(BarInterval interval);
}
