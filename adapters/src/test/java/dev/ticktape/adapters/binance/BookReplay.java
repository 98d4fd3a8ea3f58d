package dev.ticktape.adapters.binance;

import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.BookUpdate.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Rebuilds a book from published {@code md.books} events the way a downstream consumer would. */
final class BookReplay {
    private final NavigableMap<Double, Double> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<Double, Double> asks = new TreeMap<>();
    private long lastSeq = -1;

    static BookReplay of(List<BookUpdate> updates) {
        BookReplay r = new BookReplay();
        updates.forEach(r::apply);
        return r;
    }

    void apply(BookUpdate u) {
        if (u.kind() == BookUpdate.Kind.SNAPSHOT) {
            bids.clear();
            asks.clear();
        }
        set(bids, u.bids());
        set(asks, u.asks());
        lastSeq = u.lastSeq();
    }

    long lastSeq() {
        return lastSeq;
    }

    List<Level> bids() {
        return levels(bids);
    }

    List<Level> asks() {
        return levels(asks);
    }

    private static void set(Map<Double, Double> side, List<Level> levels) {
        for (Level l : levels) {
            if (l.qty() == 0) side.remove(l.price());
            else side.put(l.price(), l.qty());
        }
    }

    private static List<Level> levels(Map<Double, Double> side) {
        List<Level> out = new ArrayList<>();
        side.forEach((p, q) -> out.add(new Level(p, q)));
        return out;
    }
}
