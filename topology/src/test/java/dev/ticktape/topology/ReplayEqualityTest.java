package dev.ticktape.topology;

import static dev.ticktape.topology.BarHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A fast replay of historical trades yields the bars a batch GROUP BY (venue, symbol, second) would. */
class ReplayEqualityTest {
    private record Tick(String symbol, long ts, double price, double qty, double jitter) {}

    private record Key(String symbol, long start) {}

    /** Reference bar computed by brute force over the arrival-ordered trades. */
    private static final class Expected {
        Tick open;
        Tick close;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double volume;
        double notional;
        long count;
    }

    @Test
    void fastReplayEqualsBatchGroupBy() {
        Random rnd = new Random(7);
        long base = T0 - 3_600_000; // an hour before the wall clock: historical data
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            String symbol = "SYM" + rnd.nextInt(20);
            long ts = base + rnd.nextInt(60_000);
            double price = 100 + rnd.nextInt(10_000) / 100.0;
            double qty = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(1_000) / 10.0;
            ticks.add(new Tick(symbol, ts, price, qty, rnd.nextDouble() * 125)); // grace/2
        }
        // Arrival order: event time disordered by up to grace/2.
        ticks.sort(Comparator.comparingDouble(t -> t.ts() + t.jitter()));

        Map<Key, Expected> expected = new LinkedHashMap<>();
        for (Tick t : ticks) {
            Expected e = expected.computeIfAbsent(
                    new Key(t.symbol(), Math.floorDiv(t.ts(), 1000) * 1000), k -> new Expected());
            if (e.open == null || t.ts() < e.open.ts()) e.open = t;
            if (e.close == null || t.ts() >= e.close.ts()) e.close = t;
            e.high = Math.max(e.high, t.price());
            e.low = Math.min(e.low, t.price());
            e.volume += t.qty();
            e.notional += t.price() * t.qty();
            e.count++;
        }

        List<Bar> bars;
        List<Bar> minutes;
        try (BarHarness h = new BarHarness()) {
            int i = 0;
            for (Tick t : ticks) {
                String json = BarHarness.tradeJson(t.symbol(), t.ts(), t.price(), t.qty());
                // Every 17th record arrives unkeyed and takes the repartition path.
                h.trades.pipeInput(i++ % 17 == 0 ? null : BarHarness.key(t.symbol()), json);
            }
            for (int step = 0; step < 250; step++) h.advanceWallClock(100); // the end of a replay: idle flushes
            bars = h.drainBars1s();
            minutes = h.drainBars1m();
            assertThat(h.late.isEmpty()).isTrue();
        }

        assertThat(bars).hasSize(expected.size());
        for (Bar b : bars) {
            Expected e = expected.get(new Key(b.symbol(), b.tsMs()));
            assertThat(e).as("bar %s@%d", b.symbol(), b.tsMs()).isNotNull();
            assertThat(b.open()).isEqualTo(e.open.price());
            assertThat(b.close()).isEqualTo(e.close.price());
            assertThat(b.high()).isEqualTo(e.high);
            assertThat(b.low()).isEqualTo(e.low);
            assertThat(b.trades()).isEqualTo(e.count);
            assertThat(relativeError(b.volume(), e.volume)).isLessThan(1e-9);
            if (e.volume == 0) {
                assertThat(b.vwap()).isNull();
            } else {
                assertThat(relativeError(b.vwap(), e.notional / e.volume)).isLessThan(1e-9);
            }
        }

        // The data spans exactly one minute: one 1m bar per instrument, together holding every trade.
        assertThat(minutes).hasSize(20).allSatisfy(m -> assertThat(m.tsMs()).isEqualTo(base));
        assertThat(minutes.stream().mapToLong(Bar::trades).sum()).isEqualTo(ticks.size());
        assertThat(relativeError(
                        minutes.stream().mapToDouble(Bar::volume).sum(),
                        ticks.stream().mapToDouble(Tick::qty).sum()))
                .isLessThan(1e-9);
    }

    private static double relativeError(double actual, double expected) {
        if (expected == 0) return Math.abs(actual);
        return Math.abs(actual - expected) / Math.abs(expected);
    }
}
