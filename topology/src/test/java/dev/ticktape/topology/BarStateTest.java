package dev.ticktape.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.bars.BarStateProcessor;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queryable stores behind the interactive queries: latest bar per interval and the recent 1s window. */
class BarStateTest {
    private static final long S = BarHarness.T0 / 1000 * 1000;
    private final BarHarness h = new BarHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private Bar stored(String store, Bytes key) {
        KeyValueStore<Bytes, byte[]> kv = h.driver.getKeyValueStore(store);
        byte[] v = kv.get(key);
        return v == null ? null : BarHarness.bar(new String(v, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(30)
    void keepsTheLatestFinalBarPerInstrumentAndInterval() {
        h.trade("AAA", S + 100, 10, 1);
        h.trade("AAA", S + 1_100, 11, 1);
        h.trade("AAA", S + 2_600, 12, 1); // closes S and S+1000 (grace 250)
        Bar latest = stored(BarTopology.LATEST_BARS_STORE, BarStateProcessor.latestKey(BarInterval.S1, "binance:AAA"));
        assertThat(latest.tsMs()).isEqualTo(S + 1_000);
        assertThat(latest.close()).isEqualTo(11.0);
        assertThat(stored(BarTopology.LATEST_BARS_STORE, BarStateProcessor.latestKey(BarInterval.M1, "binance:AAA")))
                .isNull();
    }

    @Test
    @Timeout(30)
    void keepsRecentSecondBarsInOneRangePerInstrument() {
        h.trade("AAA", S + 100, 10, 1);
        h.trade("BBB", S + 200, 20, 1);
        h.trade("AAA", S + 1_100, 11, 1);
        h.trade("AAA", S + 3_000, 12, 1);
        KeyValueStore<Bytes, byte[]> kv = h.driver.getKeyValueStore(BarTopology.RECENT_BARS_STORE);
        List<Long> starts = new ArrayList<>();
        try (var it = kv.range(
                BarStateProcessor.recentKey("binance:AAA", 0),
                BarStateProcessor.recentKey("binance:AAA", Long.MAX_VALUE))) {
            it.forEachRemaining(
                    e -> starts.add(BarHarness.bar(new String(e.value, java.nio.charset.StandardCharsets.UTF_8))
                            .tsMs()));
        }
        assertThat(starts).containsExactly(S, S + 1_000);
    }

    @Test
    @Timeout(30)
    void evictsSecondBarsThatFellOutOfTheWindowAndKeepsTheRest() {
        h.trade("AAA", S + 100, 10, 1);
        h.trade("BBB", S + 1_100, 20, 1);
        h.trade("AAA", S + 2_100, 11, 1);
        h.trade("AAA", S + 3_500, 12, 1); // closes S, S+1000, S+2000 (grace 250)
        h.advanceWallClock(901_000); // nothing is 15 minutes older than the newest bar yet
        assertThat(recentBars()).containsExactlyInAnyOrder("AAA@0", "BBB@1000", "AAA@2000", "AAA@3000");

        h.trade("CCC", S + 901_100, 30, 1);
        h.trade("CCC", S + 901_900, 31, 1);
        // The quiet stream's bar S+901000 closes on the wall clock; the window is then [S+1000, S+901000], and the
        // second eviction after it drops AAA at S only.
        h.advanceWallClock(30_000);
        h.advanceWallClock(30_000);
        assertThat(recentBars()).containsExactlyInAnyOrder("BBB@1000", "AAA@2000", "AAA@3000", "CCC@901000");
    }

    /** Every bar of the recent store as {@code SYMBOL@start-S}. */
    private List<String> recentBars() {
        KeyValueStore<Bytes, byte[]> kv = h.driver.getKeyValueStore(BarTopology.RECENT_BARS_STORE);
        List<String> bars = new ArrayList<>();
        try (var it = kv.all()) {
            it.forEachRemaining(e -> {
                Bar b = BarHarness.bar(new String(e.value, java.nio.charset.StandardCharsets.UTF_8));
                bars.add(b.symbol() + "@" + (b.tsMs() - S));
            });
        }
        return bars;
    }
}
