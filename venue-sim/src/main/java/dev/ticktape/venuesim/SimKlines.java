package dev.ticktape.venuesim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The klines a fake Binance serves: built from every trade the venue matched, whether or not it was streamed (a
 * trade dropped without telling still counts, as it would at the real venue). Rows exist only for intervals with
 * trades. Not thread-safe: the server guards it.
 */
final class SimKlines {
    private static final int CAP = 400_000;

    /** Trades per symbol, in time order. */
    private final Map<String, List<SimMarket.SimTrade>> trades = new HashMap<>();

    void record(String symbol, SimMarket.SimTrade t) {
        List<SimMarket.SimTrade> list = trades.computeIfAbsent(symbol, s -> new ArrayList<>());
        list.add(t);
        if (list.size() > CAP) list.subList(0, CAP / 2).clear();
    }

    /**
     * The {@code GET /api/v3/klines} body: rows of {@code intervalMs} opening in {@code [startMs, endMs]}, oldest
     * first, at most {@code limit}.
     */
    String body(String symbol, long intervalMs, long startMs, long endMs, int limit) {
        TreeMap<Long, long[]> rows = new TreeMap<>(); // open -> [o, h, l, c, lots, n]
        Map<Long, Double> quote = new HashMap<>();
        for (SimMarket.SimTrade t : trades.getOrDefault(symbol, List.of())) {
            long open = Math.floorDiv(t.timeMs(), intervalMs) * intervalMs;
            if (open < startMs || open > endMs) continue;
            long[] r = rows.get(open);
            if (r == null) {
                if (rows.size() == limit) break;
                rows.put(open, new long[] {t.priceTicks(), t.priceTicks(), t.priceTicks(), t.priceTicks(), 0, 0});
                r = rows.get(open);
            }
            r[1] = Math.max(r[1], t.priceTicks());
            r[2] = Math.min(r[2], t.priceTicks());
            r[3] = t.priceTicks();
            r[4] += t.qtyLots();
            r[5]++;
            quote.merge(open, t.priceTicks() / 100.0 * t.qtyLots() / 1e8, Double::sum);
        }
        StringBuilder sb = new StringBuilder("[");
        for (Map.Entry<Long, long[]> e : rows.entrySet()) {
            long[] r = e.getValue();
            if (sb.length() > 1) sb.append(',');
            sb.append('[')
                    .append(e.getKey())
                    .append(",\"")
                    .append(SimFormat.price(r[0]))
                    .append("\",\"")
                    .append(SimFormat.price(r[1]))
                    .append("\",\"")
                    .append(SimFormat.price(r[2]))
                    .append("\",\"")
                    .append(SimFormat.price(r[3]))
                    .append("\",\"")
                    .append(SimFormat.qty(r[4]))
                    .append("\",")
                    .append(e.getKey() + intervalMs - 1)
                    .append(",\"")
                    .append(String.format(Locale.ROOT, "%.8f", quote.get(e.getKey())))
                    .append("\",")
                    .append(r[5])
                    .append(",\"0.00000000\",\"0.00000000\",\"0\"]");
        }
        return sb.append(']').toString();
    }
}
