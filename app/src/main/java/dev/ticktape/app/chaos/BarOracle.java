package dev.ticktape.app.chaos;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bars the stores must hold, computed here from the load's own record and nothing the platform computed: a
 * GROUP BY symbol and second over the trades that were sent, that {@code md.trades} shows accepted, and that did
 * not go to {@code md.late}. Open is the trade with the earliest event time (ties: the first sent), close the
 * latest (ties: the last sent), as the platform defines them.
 */
final class BarOracle {
    private BarOracle() {}

    static Map<Bar.Key, Bar> expected(SentTrades sent, List<String> symbols, BitSet accepted, BitSet late) {
        Map<Bar.Key, Acc> acc = new TreeMap<>();
        for (int i = 0; i < sent.size(); i++) {
            int id = i + 1;
            if (!accepted.get(id) || late.get(id)) continue;
            long second = Math.floorDiv(sent.tsMs(i), 1000L) * 1000L;
            acc.computeIfAbsent(new Bar.Key(symbols.get(sent.symbol(i)), second), k -> new Acc())
                    .add(sent.tsMs(i), sent.price(i), sent.qty(i));
        }
        Map<Bar.Key, Bar> out = new TreeMap<>();
        acc.forEach((k, a) -> out.put(k, a.bar()));
        return out;
    }

    /** Trades are added in send order, so "first sent" is the first added. */
    private static final class Acc {
        long openTs = Long.MAX_VALUE;
        long closeTs = Long.MIN_VALUE;
        double open, high = Double.NEGATIVE_INFINITY, low = Double.POSITIVE_INFINITY, close, volume;
        long trades;

        void add(long ts, double price, double qty) {
            if (ts < openTs) {
                openTs = ts;
                open = price;
            }
            if (ts >= closeTs) {
                closeTs = ts;
                close = price;
            }
            high = Math.max(high, price);
            low = Math.min(low, price);
            volume += qty;
            trades++;
        }

        Bar bar() {
            return new Bar(open, high, low, close, volume, trades);
        }
    }
}
