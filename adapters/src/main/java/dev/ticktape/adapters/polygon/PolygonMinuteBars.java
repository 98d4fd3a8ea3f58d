package dev.ticktape.adapters.polygon;

import dev.ticktape.model.Bar;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The minute bars published recently, per symbol and window start, so that re-sent bars are published only when
 * they changed (the venue re-sends corrected bars; gap-fill re-reads bars already seen) and a REST bar never
 * overwrites a newer live one. Bars older than {@code retainMs} before a symbol's latest window are forgotten.
 * Thread-safe: the socket thread and the gap-fill thread both offer bars.
 */
final class PolygonMinuteBars {
    private record Seen(Bar bar, long recvMs) {}

    private final long retainMs;
    private final Map<String, NavigableMap<Long, Seen>> bySymbol = new HashMap<>();

    PolygonMinuteBars(long retainMs) {
        this.retainMs = retainMs;
    }

    /** A live bar: true when it is new or differs from the published one, i.e. must be published. */
    synchronized boolean offerLive(Bar bar) {
        return offer(bar, Long.MAX_VALUE); // no live bar is protected from a live correction
    }

    /**
     * A gap-fill bar: like {@link #offerLive}, except that a bar received live at or after {@code liveSinceMs}
     * (on the new connection, so possibly fresher than the REST answer) is kept.
     */
    synchronized boolean offerFill(Bar bar, long liveSinceMs) {
        return offer(bar, liveSinceMs);
    }

    private boolean offer(Bar bar, long liveSinceMs) {
        NavigableMap<Long, Seen> bars = bySymbol.computeIfAbsent(bar.symbol(), s -> new TreeMap<>());
        Seen prev = bars.get(bar.tsMs());
        if (prev != null && (prev.recvMs() >= liveSinceMs || sameValues(prev.bar(), bar))) return false;
        bars.put(bar.tsMs(), new Seen(bar, bar.recvMs()));
        bars.headMap(bars.lastKey() - retainMs).clear();
        return true;
    }

    /** Start of the latest minute published for {@code symbol}, or -1. */
    synchronized long latestStart(String symbol) {
        NavigableMap<Long, Seen> bars = bySymbol.get(symbol);
        return bars == null || bars.isEmpty() ? -1 : bars.lastKey();
    }

    static boolean sameValues(Bar a, Bar b) {
        return a.open() == b.open()
                && a.high() == b.high()
                && a.low() == b.low()
                && a.close() == b.close()
                && a.volume() == b.volume()
                && Objects.equals(a.vwap(), b.vwap());
    }
}
