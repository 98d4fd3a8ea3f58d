package dev.ticktape.app.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the load generator sent, aggregated the way the platform must store it: one bar per symbol and second.
 * Trades are folded in send order (the order the platform sees them on one connection); pre-aggregated bars are
 * kept as sent.
 */
final class ExpectedBars {
    /** Expected contents of one stored bar. */
    static final class Agg {
        double open;
        double high;
        double low;
        double close;
        double volume;
        long trades;

        void add(double price, double qty) {
            if (trades == 0) {
                open = price;
                high = price;
                low = price;
            } else {
                high = Math.max(high, price);
                low = Math.min(low, price);
            }
            close = price;
            volume += qty;
            trades++;
        }
    }

    private final Map<String, TreeMap<Long, Agg>> bySymbol = new ConcurrentHashMap<>();

    /** Called from one sender thread per symbol set; a symbol is only ever sent by one thread. */
    void trade(String symbol, long tsMs, double price, double qty) {
        bySymbol.computeIfAbsent(symbol, s -> new TreeMap<>())
                .computeIfAbsent(Math.floorDiv(tsMs, 1000L) * 1000L, k -> new Agg())
                .add(price, qty);
    }

    void bar(
            String symbol,
            long second,
            double open,
            double high,
            double low,
            double close,
            double volume,
            long trades) {
        Agg a = new Agg();
        a.open = open;
        a.high = high;
        a.low = low;
        a.close = close;
        a.volume = volume;
        a.trades = trades;
        bySymbol.computeIfAbsent(symbol, s -> new TreeMap<>()).put(second, a);
    }

    Map<String, TreeMap<Long, Agg>> bySymbol() {
        return bySymbol;
    }
}
