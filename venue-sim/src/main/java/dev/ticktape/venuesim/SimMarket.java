package dev.ticktape.venuesim;

import dev.ticktape.model.BookUpdate.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * A random-walk market for one symbol: a price-level book in integer ticks (0.01) and lots (1e-8), contiguous
 * update ids, and a bounded history of trades for REST gap-fill. Deterministic for a seed. Not thread-safe: the
 * server guards it.
 */
final class SimMarket {
    /** A generated trade. {@code buyerMaker} true = sell aggressor. */
    record SimTrade(long id, long priceTicks, long qtyLots, long timeMs, boolean buyerMaker) {}

    /** One step's output: the level changes with their update-id range, and the trade if one printed. */
    record Step(
            long firstUpdateId,
            long lastUpdateId,
            long timeMs,
            List<long[]> bidChanges,
            List<long[]> askChanges,
            SimTrade trade) {}

    private static final int HISTORY_CAP = 200_000;

    final String symbol;
    private final Random random;
    private final NavigableMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<Long, Long> asks = new TreeMap<>();
    private final List<SimTrade> history = new ArrayList<>();
    private long mid;
    private long updateId;
    private long tradeId;

    SimMarket(String symbol, long seed) {
        this.symbol = symbol;
        this.random = new Random(seed ^ symbol.hashCode() * 0x9E3779B97F4A7C15L);
        this.mid = symbol.startsWith("BTC") ? 9_400_000 : 10_000 + random.nextInt(500_000);
        this.updateId = 1_000_000 + random.nextInt(1_000_000);
        this.tradeId = 5_000_000 + random.nextInt(1_000_000);
        for (int k = 1; k <= 20; k++) {
            bids.put(mid - k, lots());
            asks.put(mid + k, lots());
        }
    }

    Step step(long timeMs) {
        mid += Math.round(random.nextGaussian() * 2);
        List<long[]> bidChanges = new ArrayList<>();
        List<long[]> askChanges = new ArrayList<>();
        // Uncross around the new mid, then touch a few random levels.
        while (!bids.isEmpty() && bids.firstKey() >= mid)
            bidChanges.add(new long[] {bids.pollFirstEntry().getKey(), 0});
        while (!asks.isEmpty() && asks.firstKey() <= mid)
            askChanges.add(new long[] {asks.pollFirstEntry().getKey(), 0});
        int touches = 1 + random.nextInt(3);
        for (int i = 0; i < touches; i++) {
            boolean bid = random.nextBoolean();
            long price = bid ? mid - 1 - random.nextInt(20) : mid + 1 + random.nextInt(20);
            long qty = random.nextInt(5) == 0 ? 0 : lots();
            change(bid ? bids : asks, bid ? bidChanges : askChanges, price, qty);
        }
        if (bids.isEmpty()) change(bids, bidChanges, mid - 1, lots());
        if (asks.isEmpty()) change(asks, askChanges, mid + 1, lots());
        long first = updateId + 1;
        updateId += Math.max(1, bidChanges.size() + askChanges.size());
        SimTrade trade = null;
        if (random.nextInt(10) < 7) {
            boolean buy = random.nextBoolean();
            trade = new SimTrade(
                    ++tradeId, buy ? asks.firstKey() : bids.firstKey(), 1 + random.nextInt(5_000_000), timeMs, !buy);
            history.add(trade);
            if (history.size() > HISTORY_CAP)
                history.subList(0, HISTORY_CAP / 2).clear();
        }
        return new Step(first, updateId, timeMs, bidChanges, askChanges, trade);
    }

    private static void change(Map<Long, Long> side, List<long[]> changes, long price, long qty) {
        if (qty == 0) side.remove(price);
        else side.put(price, qty);
        changes.add(new long[] {price, qty});
    }

    private long lots() {
        return 1_000 + random.nextInt(300_000_000);
    }

    long lastUpdateId() {
        return updateId;
    }

    long bestBid() {
        return bids.firstKey();
    }

    long bestAsk() {
        return asks.firstKey();
    }

    long bestBidQty() {
        return bids.firstEntry().getValue();
    }

    long bestAskQty() {
        return asks.firstEntry().getValue();
    }

    /** Top {@code limit} levels per side as [ticks, lots]. */
    List<long[]> bidLevels(int limit) {
        return top(bids, limit);
    }

    List<long[]> askLevels(int limit) {
        return top(asks, limit);
    }

    private static List<long[]> top(NavigableMap<Long, Long> side, int limit) {
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            if (out.size() == limit) break;
            out.add(new long[] {e.getKey(), e.getValue()});
        }
        return out;
    }

    /** Trades with id >= {@code fromId}, oldest first, at most {@code limit}. */
    List<SimTrade> tradesFrom(long fromId, int limit) {
        List<SimTrade> out = new ArrayList<>();
        int i = Collections.binarySearch(history.stream().map(SimTrade::id).toList(), fromId);
        for (int k = i >= 0 ? i : -i - 1; k < history.size() && out.size() < limit; k++) out.add(history.get(k));
        return out;
    }

    /** The most recent {@code limit} trades, oldest first. */
    List<SimTrade> recentTrades(int limit) {
        return List.copyOf(history.subList(Math.max(0, history.size() - limit), history.size()));
    }

    List<SimTrade> history() {
        return List.copyOf(history);
    }

    /**
     * Takes back {@code t}, the trade of the last step, from the history, and gives its id to the next trade: a
     * trade lost without trace, which neither the id sequence nor the trade endpoints reveal.
     */
    void forget(SimTrade t) {
        if (history.isEmpty() || history.get(history.size() - 1) != t)
            throw new IllegalStateException("only the last trade can be forgotten");
        history.remove(history.size() - 1);
        tradeId--;
    }

    /** The book in normalized units, for test comparison. */
    FakeBinanceServer.SimBook book() {
        return new FakeBinanceServer.SimBook(symbol, updateId, toLevels(bids), toLevels(asks));
    }

    private static List<Level> toLevels(NavigableMap<Long, Long> side) {
        List<Level> out = new ArrayList<>();
        side.forEach((p, q) ->
                out.add(new Level(Double.parseDouble(SimFormat.price(p)), Double.parseDouble(SimFormat.qty(q)))));
        return out;
    }
}
