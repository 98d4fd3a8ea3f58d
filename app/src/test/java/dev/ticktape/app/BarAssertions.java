package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;

/** Row-for-row comparison of bar tables: keys, OHLC and counts exact; sums of doubles within 1e-9 relative. */
final class BarAssertions {
    private BarAssertions() {}

    static void assertSameBars(TreeMap<String, TradeReplay.Row> stored, TreeMap<String, TradeReplay.Row> expected) {
        assertThat(stored.keySet()).containsExactlyElementsOf(expected.keySet());
        SoftAssertions soft = new SoftAssertions();
        for (var e : expected.entrySet()) {
            TradeReplay.Row w = e.getValue();
            TradeReplay.Row g = stored.get(e.getKey());
            soft.assertThat(g.open()).as("open %s", e.getKey()).isEqualTo(w.open());
            soft.assertThat(g.high()).as("high %s", e.getKey()).isEqualTo(w.high());
            soft.assertThat(g.low()).as("low %s", e.getKey()).isEqualTo(w.low());
            soft.assertThat(g.close()).as("close %s", e.getKey()).isEqualTo(w.close());
            soft.assertThat(g.trades()).as("trades %s", e.getKey()).isEqualTo(w.trades());
            soft.assertThat(g.volume()).as("volume %s", e.getKey()).isCloseTo(w.volume(), within(1e-9 * w.volume()));
            soft.assertThat(g.vwap()).as("vwap %s", e.getKey()).isCloseTo(w.vwap(), within(1e-9 * w.vwap()));
        }
        soft.assertAll();
    }
}
