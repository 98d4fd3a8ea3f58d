package dev.ticktape.venuesim;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * A random-walk US stock for one ticker, in integer cents and whole shares: NBBO quotes, trade prints, and the
 * per-second and per-minute aggregates built from them, kept as the venue's truth (minute bars can be corrected
 * later, as the venue does for late prints). Deterministic for a seed and a sequence of step times. Not
 * thread-safe: the server guards it.
 */
final class EquitySimMarket {
    /** A print. {@code trf} is non-null for off-exchange prints reported through a TRF. */
    record Print(String id, int exchange, Integer trf, long priceCents, long shares, long timeMs) {}

    /** NBBO after a step. */
    record Nbbo(long bidCents, long bidShares, long askCents, long askShares, long timeMs) {}

    /** One aggregate window {@code [start, end)}. */
    record Agg(
            long start,
            long end,
            long openCents,
            long highCents,
            long lowCents,
            long closeCents,
            long volume,
            double notional,
            long trades) {
        double vwap() {
            return Math.round(notional / volume * 10_000) / 10_000.0; // venue VWAPs have 4 decimals
        }

        Agg add(long priceCents, long shares) {
            return new Agg(
                    start,
                    end,
                    openCents,
                    Math.max(highCents, priceCents),
                    Math.min(lowCents, priceCents),
                    priceCents,
                    volume + shares,
                    notional + priceCents / 100.0 * shares,
                    trades + 1);
        }

        static Agg first(long start, long end, long priceCents, long shares) {
            return new Agg(
                    start, end, priceCents, priceCents, priceCents, priceCents, shares, priceCents / 100.0 * shares, 1);
        }
    }

    /** What one step produced: closed windows first, then the print (or null) and the quote. */
    record Step(List<Agg> closedSeconds, List<Agg> closedMinutes, Print print, Nbbo nbbo) {}

    private static final int[] EXCHANGES = {4, 10, 11, 12, 19};
    private static final int HISTORY_CAP = 200_000;

    final String symbol;
    private final Random random;
    private final NavigableMap<Long, Agg> minutes = new TreeMap<>();
    private final List<Print> prints = new ArrayList<>();
    private long midCents;
    private long seq;
    private Agg second;
    private Agg minute;
    private long dayVolume;
    private double dayNotional;
    private long dayOpenCents;

    EquitySimMarket(String symbol, long seed) {
        this.symbol = symbol;
        this.random = new Random(seed ^ symbol.hashCode() * 0x9E3779B97F4A7C15L);
        this.midCents = 5_000 + random.nextInt(50_000);
        this.seq = 1_000_000 + random.nextInt(1_000_000);
    }

    Step step(long timeMs) {
        List<Agg> closedSeconds = new ArrayList<>(1);
        List<Agg> closedMinutes = new ArrayList<>(1);
        if (second != null && timeMs >= second.end()) {
            closedSeconds.add(second);
            second = null;
        }
        if (minute != null && timeMs >= minute.end()) {
            closedMinutes.add(minute);
            minutes.put(minute.start(), minute);
            minute = null;
        }
        midCents = Math.max(100, midCents + Math.round(random.nextGaussian() * 2));
        long spread = 1 + random.nextInt(3);
        long bid = midCents - spread / 2 - 1;
        long ask = bid + spread;
        Nbbo nbbo = new Nbbo(bid, 100L * (1 + random.nextInt(20)), ask, 100L * (1 + random.nextInt(20)), timeMs);
        Print print = null;
        if (random.nextInt(10) < 6) {
            long price = random.nextBoolean() ? ask : bid;
            long shares = random.nextInt(4) == 0 ? 100L * (1 + random.nextInt(5)) : 1 + random.nextInt(99);
            boolean offExchange = random.nextInt(5) == 0;
            seq += 1 + random.nextInt(4);
            print = new Print(
                    Long.toString(seq),
                    offExchange ? 4 : EXCHANGES[random.nextInt(EXCHANGES.length)],
                    offExchange ? 202 : null,
                    price,
                    shares,
                    timeMs);
            record(print);
        }
        return new Step(closedSeconds, closedMinutes, print, nbbo);
    }

    private void record(Print p) {
        prints.add(p);
        if (prints.size() > HISTORY_CAP) prints.subList(0, HISTORY_CAP / 2).clear();
        if (dayOpenCents == 0) dayOpenCents = p.priceCents();
        dayVolume += p.shares();
        dayNotional += p.priceCents() / 100.0 * p.shares();
        long s = p.timeMs() - Math.floorMod(p.timeMs(), 1000);
        second = second == null
                ? Agg.first(s, s + 1000, p.priceCents(), p.shares())
                : second.add(p.priceCents(), p.shares());
        long m = p.timeMs() - Math.floorMod(p.timeMs(), 60_000);
        minute = minute == null
                ? Agg.first(m, m + 60_000, p.priceCents(), p.shares())
                : minute.add(p.priceCents(), p.shares());
    }

    /**
     * A late print folded into the latest closed minute (as a FINRA report up to 15 minutes late would be): returns
     * the corrected bar, or null when no minute has closed yet.
     */
    Agg correctLastMinute() {
        if (minutes.isEmpty()) return null;
        Agg last = minutes.lastEntry().getValue();
        long price = last.highCents() + 1; // outside the old range, so the correction is visible in OHLC too
        Agg corrected = new Agg(
                last.start(),
                last.end(),
                last.openCents(),
                price,
                last.lowCents(),
                last.closeCents(),
                last.volume() + 100,
                last.notional() + price / 100.0 * 100,
                last.trades() + 1);
        minutes.put(corrected.start(), corrected);
        dayVolume += 100;
        dayNotional += price;
        return corrected;
    }

    /** Closed minute bars with {@code fromMs <= start <= toMs}, oldest first. */
    List<Agg> minuteBars(long fromMs, long toMs) {
        return fromMs > toMs
                ? List.of()
                : List.copyOf(minutes.subMap(fromMs, true, toMs, true).values());
    }

    List<Print> prints() {
        return List.copyOf(prints);
    }

    long dayVolume() {
        return dayVolume;
    }

    double dayVwap() {
        return dayVolume == 0 ? 0 : Math.round(dayNotional / dayVolume * 10_000) / 10_000.0;
    }

    long dayOpenCents() {
        return dayOpenCents;
    }
}
