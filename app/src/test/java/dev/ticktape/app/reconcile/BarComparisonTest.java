package dev.ticktape.app.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BarComparisonTest {
    private static final long T = 1_767_225_600_000L;

    private static Bar bar(double o, double h, double l, double c, double v, long n) {
        return new Bar(BarInterval.M1, "binance", "BTCUSDT", T, 0, o, h, l, c, v, n, null, "x");
    }

    @Test
    void equalBarsMatchAndSummationNoiseInVolumeIsTolerated() {
        // 0.1 + 0.2 summed in double is 0.30000000000000004; the venue says 0.3.
        BarComparison.Verdict v = BarComparison.compare(bar(1, 2, 0.5, 1.5, 0.1 + 0.2, 2), bar(1, 2, 0.5, 1.5, 0.3, 2));
        assertThat(v.status()).isEqualTo(ReconStatus.MATCHED);
        assertThat(v.fields()).isEmpty();
    }

    @Test
    void aMissingTradeShowsInCountVolumeAndTheAffectedPrices() {
        // Ours lacks the last trade (0.01 @ 94188.01), which was the high and the close.
        BarComparison.Verdict v = BarComparison.compare(
                bar(94210.55, 94210.55, 94180.12, 94188.00, 1.23, 9),
                bar(94210.55, 94230.00, 94180.12, 94188.01, 1.24, 10));
        assertThat(v.status()).isEqualTo(ReconStatus.MISMATCHED);
        assertThat(v.fields()).containsExactly("high", "close", "volume", "trades");
    }

    @Test
    void oneTickOnALargePriceIsADifference() {
        // 0.01 on 94 000 is 1.06e-7 relative: well above the 1e-9 tolerance.
        BarComparison.Verdict v = BarComparison.compare(
                bar(94000, 94000, 94000, 94000, 1, 1), bar(94000.01, 94000.01, 94000, 94000, 1, 1));
        assertThat(v.fields()).containsExactly("open", "high");
    }

    @Test
    void missingSides() {
        Bar b = bar(1, 1, 1, 1, 1, 1);
        assertThat(BarComparison.compare(null, b).status()).isEqualTo(ReconStatus.MISSING_OURS);
        assertThat(BarComparison.compare(b, null).status()).isEqualTo(ReconStatus.MISSING_THEIRS);
        assertThat(BarComparison.compare(null, null)).isNull();
        // A quiet interval the venue fills with the last price, and none of ours: nothing to record.
        assertThat(BarComparison.compare(null, bar(1, 1, 1, 1, 0, 0))).isNull();
        assertThat(BarComparison.compare(b, bar(1, 1, 1, 1, 0, 0)).status()).isEqualTo(ReconStatus.MISMATCHED);
    }

    @Test
    void secondsRollUpToTheMinuteAsTheTopologyDoes() {
        Bar s1 = new Bar(BarInterval.S1, "polygon", "AAPL", T, 0, 10, 12, 9, 11, 100, 3, 10.5, "x");
        Bar s2 = new Bar(BarInterval.S1, "polygon", "AAPL", T + 7_000, 0, 11, 13, 10.5, 12.5, 300, 5, 12.0, "x");
        Bar m = OurBars.rollUp(BarInterval.M1, T, List.of(s1, s2));
        assertThat(new double[] {m.open(), m.high(), m.low(), m.close(), m.volume()})
                .containsExactly(10, 13, 9, 12.5, 400);
        assertThat(m.trades()).isEqualTo(8);
        assertThat(m.vwap()).isEqualTo((10.5 * 100 + 12.0 * 300) / 400);
        assertThat(m.interval()).isEqualTo(BarInterval.M1);
    }
}
