package dev.ticktape.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the watermark treats historical data: event time only, never the wall clock, until the replay ends. */
class ReplayWatermarkTest {
    private static final long HIST = BarHarness.T0 - 86_400_000L; // a day before the wall clock
    private static final long S = Math.floorDiv(HIST, 1000) * 1000;

    @Test
    void inputStallDuringReplayDoesNotMakeInGraceTradesLate() {
        try (BarHarness h = new BarHarness()) {
            h.trade("AAA", S + 900, 10, 1);
            h.trade("AAA", S + 1_100, 11, 1);
            h.advanceWallClock(8_000); // the producer stalls for 8 s of wall time
            h.trade("AAA", S + 950, 12, 1); // 150 ms out of order: inside the 250 ms grace
            h.trade("AAA", S + 2_500, 13, 1);

            assertThat(h.late.isEmpty()).isTrue();
            List<Bar> bars = h.drainBars1s();
            assertThat(bars).extracting(Bar::tsMs).containsExactly(S, S + 1_000); // W = S+2500 closes both
            assertThat(bars.get(0).tsMs()).isEqualTo(S);
            assertThat(bars.get(0).trades()).isEqualTo(2);
            assertThat(bars.get(0).close()).isEqualTo(12.0);
        }
    }

    @Test
    void replayBarsStayOpenWhileIdleShorterThanFlushDelay() {
        try (BarHarness h = new BarHarness()) {
            h.trade("AAA", S + 100, 10, 1);
            h.advanceWallClock(9_500);
            assertThat(h.drainBars1s()).isEmpty();
        }
    }

    @Test
    void replayBarsFlushOnceTheInputHasBeenIdle() {
        try (BarHarness h = new BarHarness()) {
            h.trade("AAA", S + 100, 10, 1);
            h.trade("BBB", S + 1_700, 20, 2);
            for (int i = 0; i < 105; i++) h.advanceWallClock(100);
            List<Bar> bars = h.drainBars1s();
            assertThat(bars).extracting(Bar::symbol).containsExactly("AAA", "BBB");
            // A trade for an already flushed second revises it: same key, revision 1, both trades.
            h.trade("BBB", S + 1_800, 21, 1);
            for (int i = 0; i < 105; i++) h.advanceWallClock(100); // a replay's revision waits for its idle flush too
            assertThat(h.drainBars1s()).singleElement().satisfies(b -> {
                assertThat(b.symbol()).isEqualTo("BBB");
                assertThat(b.revision()).isEqualTo(1);
                assertThat(b.trades()).isEqualTo(2);
                assertThat(b.close()).isEqualTo(21);
            });
            assertThat(h.late.isEmpty()).isTrue();
        }
    }
}
