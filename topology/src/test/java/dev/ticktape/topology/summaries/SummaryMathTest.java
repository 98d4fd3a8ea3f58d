package dev.ticktape.topology.summaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryMathTest {
    private static final long END = 1_700_000_100_000L;

    private static SecondBar bar(long start, double close, int revision) {
        return new SecondBar(start, close, 1, close, revision);
    }

    private static Summary of(List<SecondBar> bars, long windowMs) {
        return SummaryMath.compute("binance", "BTCUSDT", bars, END, windowMs, 7);
    }

    @Test
    void pricesFarFromZeroKeepTheirSpread() {
        // closes 1e9, 1e9 + 1, 1e9 + 2 at x = 0, 1, 2 s (window [END - 3000, END)):
        // mean 1e9 + 1, deviations -1, 0, 1: stdev sqrt(2 / 3); Sxy = 2, Sxx = 2: slope 1; zscore 1 / sqrt(2/3).
        // A one-pass sum of squares (3e18 + ...) would lose all of it.
        Summary s = of(
                List.of(bar(END - 3_000, 1e9, 0), bar(END - 2_000, 1e9 + 1, 0), bar(END - 1_000, 1e9 + 2, 0)), 3_000);
        assertThat(s.meanClose()).isEqualTo(1e9 + 1);
        assertThat(s.stdevClose()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
        assertThat(s.slope()).isCloseTo(1.0, within(1e-12));
        assertThat(s.slopeNorm()).isCloseTo(1.0 / (1e9 + 1), within(1e-21));
        assertThat(s.zscore()).isCloseTo(1.224744871391589, within(1e-12));
        assertThat(s.coverage()).isEqualTo(1.0);
        assertThat(s.recvMs()).isEqualTo(7);
    }

    @Test
    void realisedVolatilityScalesByTheWindowNotTheBarCount() {
        // closes 100, 110 in a 60 s window: one return ln(1.1) = 0.09531017980432493;
        // squared 0.009084030374 x 31,536,000 / 60 = 4774.56636; sqrt = 69.09824
        Summary s = of(List.of(bar(END - 10_000, 100, 0), bar(END - 1_000, 110, 0)), 60_000);
        assertThat(s.realizedVol()).isCloseTo(Math.abs(Math.log(1.1)) * Math.sqrt(525_600.0), within(1e-9));
        assertThat(s.realizedVol()).isCloseTo(69.09824, within(1e-5));
        assertThat(s.logReturn()).isCloseTo(0.09531017980432493, within(1e-15));
    }

    @Test
    void revisionIsTheSumOfTheBarsRevisions() {
        Summary s = of(List.of(bar(END - 3_000, 1, 2), bar(END - 2_000, 1, 0), bar(END - 1_000, 1, 3)), 60_000);
        assertThat(s.revision()).isEqualTo(5);
    }

    @Test
    void needsABar() {
        assertThatThrownBy(() -> of(List.of(), 60_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
