package dev.ticktape.topology.books;

import dev.ticktape.model.BookUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A price-level book: bids high to low, asks low to high. */
public final class OrderBook {
    private final TreeMap<Double, Double> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Double, Double> asks = new TreeMap<>();
    private long lastSeq;

    public static OrderBook from(BookUpdate snapshot) {
        OrderBook b = new OrderBook();
        snapshot.bids().forEach(l -> {
            if (l.qty() > 0) b.bids.put(l.price(), l.qty());
        });
        snapshot.asks().forEach(l -> {
            if (l.qty() > 0) b.asks.put(l.price(), l.qty());
        });
        b.lastSeq = snapshot.lastSeq();
        return b;
    }

    public void apply(BookUpdate delta) {
        set(bids, delta.bids());
        set(asks, delta.asks());
        lastSeq = delta.lastSeq();
    }

    private static void set(TreeMap<Double, Double> side, List<BookUpdate.Level> levels) {
        for (BookUpdate.Level l : levels) {
            if (l.qty() == 0) side.remove(l.price());
            else side.put(l.price(), l.qty());
        }
    }

    public long lastSeq() {
        return lastSeq;
    }

    public BookUpdate toSnapshot(String venue, String symbol, long tsMs, long recvMs) {
        return new BookUpdate(
                venue,
                symbol,
                tsMs,
                recvMs,
                BookUpdate.Kind.SNAPSHOT,
                levels(bids, Integer.MAX_VALUE),
                levels(asks, Integer.MAX_VALUE),
                lastSeq,
                lastSeq);
    }

    /** The best {@code depth} levels of a side. */
    public static List<BookUpdate.Level> levels(Map<Double, Double> side, int depth) {
        List<BookUpdate.Level> out = new ArrayList<>();
        for (Map.Entry<Double, Double> e : side.entrySet()) {
            if (out.size() >= depth) break;
            out.add(new BookUpdate.Level(e.getKey(), e.getValue()));
        }
        return out;
    }
}
