package dev.ticktape.topology;

import static dev.ticktape.topology.BarHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ticktape.model.Bar;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bars close by producers' clocks: ticks close quiet instruments' bars without waiting for the wall clock, a
 * stalled producer holds bars open, an idle one stops holding them, an end tick releases them, and a drain flushes
 * everything. Expected values are worked out by hand from the close rule {@code S + 1000 + grace(250) <= W}.
 */
@Timeout(30)
class ProducerClockTest {
    /** A second just after the harness wall clock; the wall clock stays put unless a test moves it. */
    private static final long S = T0 + 2_000;

    private final BarHarness h = new BarHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aTickClosesAQuietInstrumentsBarWithoutTheWallClock() {
        h.trade("BTCUSDT", S + 100, 100, 1, "gw#1");
        h.tick("gw#1", S + 1_249, false);
        assertThat(h.drainBars1s()).isEmpty(); // S + 1000 + 250 > S + 1249
        h.tick("gw#1", S + 1_250, false);
        assertThat(h.drainBars1s()).extracting(Bar::tsMs, Bar::trades).containsExactly(tuple(S, 1L));
    }

    @Test
    void aStalledProducerHoldsBarsOpenInsteadOfMakingItsTradesLate() {
        h.trade("BTCUSDT", S + 100, 100, 1, "fast");
        h.trade("ETHUSDT", S + 200, 10, 1, "slow");
        h.tick("fast", S + 4_000, false);
        h.advanceWallClock(3_000); // slow is quiet for 3 s: less than the 5 s idle limit
        assertThat(h.drainBars1s()).isEmpty();

        h.trade("ETHUSDT", S + 900, 11, 1, "slow"); // it was buffering: 3 s behind, yet on time
        h.tick("slow", S + 2_000, false);
        List<Bar> bars = h.drainBars1s();
        assertThat(bars)
                .extracting(Bar::symbol, Bar::trades, Bar::revision)
                .containsExactlyInAnyOrder(tuple("BTCUSDT", 1L, 0), tuple("ETHUSDT", 2L, 0));
        assertThat(h.late.isEmpty()).isTrue();
        assertThat(h.counter("ticktape.trades.revising")).isZero();
    }

    @Test
    void anIdleProducerStopsHoldingAndItsLaterTradesReviseTheBar() {
        h.trade("BTCUSDT", S + 100, 100, 1, "fast");
        h.trade("ETHUSDT", S + 200, 10, 1, "gone");
        for (int i = 0; i < 52; i++) { // "fast" keeps ticking; "gone" is silent for more than 5 s
            h.tick("fast", S + 4_000 + i * 100L, false);
            h.advanceWallClock(100);
        }
        assertThat(h.drainBars1s()).extracting(Bar::symbol).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT");
        assertThat(h.counter("ticktape.producers.idled")).isEqualTo(1);

        h.trade("ETHUSDT", S + 900, 12, 2, "gone"); // it comes back: the bar is revised, nothing is late
        h.tick("gone", S + 9_300, false); // and catches up with the others
        h.advanceWallClock(100);
        assertThat(h.drainBars1s()).singleElement().satisfies(b -> {
            assertThat(b.symbol()).isEqualTo("ETHUSDT");
            assertThat(b.revision()).isEqualTo(1);
            assertThat(b.trades()).isEqualTo(2);
            assertThat(b.volume()).isEqualTo(3);
            assertThat(b.close()).isEqualTo(12);
        });
        assertThat(h.late.isEmpty()).isTrue();
    }

    @Test
    void theLastProducersEndTickFlushesSecondsAndTheMinute() {
        h.trade("BTCUSDT", S + 100, 100, 1, "replay");
        h.trade("BTCUSDT", S + 1_100, 101, 1, "other");
        h.tick("replay", S + 1_100, true);
        assertThat(h.drainBars1s()).isEmpty(); // "other" still holds at S + 1100
        h.tick("other", S + 1_100, true);
        assertThat(h.drainBars1s()).extracting(Bar::tsMs).containsExactly(S, S + 1_000);
        h.advanceWallClock(100); // the roll-up reads the flush at its next punctuation
        assertThat(h.drainBars1m()).singleElement().satisfies(b -> {
            assertThat(b.tsMs()).isEqualTo(T0);
            assertThat(b.trades()).isEqualTo(2);
            assertThat(b.close()).isEqualTo(101);
        });
    }

    @Test
    void aDrainClosesEveryOpenBarAndALaterTradeRevisesTheDrainedMinute() {
        h.trade("BTCUSDT", S + 100, 100, 1, "gw#1");
        h.tick("gw#1", S + 300, false);
        h.drain.request();
        h.advanceWallClock(100);
        h.advanceWallClock(100);
        assertThat(h.drainBars1s()).extracting(Bar::tsMs, Bar::revision).containsExactly(tuple(S, 0));
        assertThat(h.drainBars1m())
                .extracting(Bar::tsMs, Bar::revision, Bar::trades)
                .containsExactly(tuple(T0, 0, 1L));

        h.trade("BTCUSDT", S + 5_000, 105, 1, "gw#1"); // after the drain, in the drained minute
        h.advanceWallClock(100);
        h.advanceWallClock(100);
        assertThat(h.drainBars1s()).extracting(Bar::tsMs, Bar::revision).containsExactly(tuple(S + 5_000, 0));
        assertThat(h.drainBars1m())
                .extracting(Bar::tsMs, Bar::revision, Bar::trades, Bar::close)
                .containsExactly(tuple(T0, 1, 2L, 105.0));
    }

    @Test
    void secondsArrivingForAFlushedMinuteReviseItOnceWhenTheMinuteEnds() {
        h.trade("BTCUSDT", S + 100, 100, 1, "first");
        h.tick("first", S + 100, true); // the only producer ends: second S and minute T0 are flushed
        h.advanceWallClock(100);
        assertThat(h.drainBars1m()).extracting(Bar::revision, Bar::trades).containsExactly(tuple(0, 1L));
        for (int i = 1; i <= 5; i++) { // a new producer keeps trading in the same minute
            h.trade("BTCUSDT", S + i * 1_000L + 100, 100 + i, 1, "second");
            h.tick("second", S + i * 1_000L + 1_300, false);
            h.advanceWallClock(100);
        }
        assertThat(h.drainBars1m())
                .as("no revision per pass while the minute runs")
                .isEmpty();
        h.tick("second", T0 + 62_250, false); // minute end + minute grace (2 s) in 1s-bar-end time, + 1s grace
        h.advanceWallClock(100);
        assertThat(h.drainBars1m())
                .extracting(Bar::revision, Bar::trades, Bar::close)
                .containsExactly(tuple(1, 6L, 105.0));
    }

    @Test
    void aDrainWithTradesStillArrivingKeepsEveryTradeInTheMinute() {
        h.drain.request();
        for (int i = 0; i < 10; i++) h.trade("BTCUSDT", S + i * 300L, 100 + i, 1, "gw#1"); // each closes the last
        h.advanceWallClock(100);
        h.advanceWallClock(100);
        List<Bar> minutes = h.drainBars1m();
        assertThat(minutes).isNotEmpty();
        Bar last = minutes.get(minutes.size() - 1);
        assertThat(last.tsMs()).isEqualTo(T0);
        assertThat(last.trades())
                .as("trades in the newest revision of the minute")
                .isEqualTo(10);
        assertThat(last.close()).isEqualTo(109);
        long inSeconds = h.drainBars1s().stream()
                .filter(b -> b.tsMs() >= S && b.tsMs() < S + 3_000)
                .collect(java.util.stream.Collectors.toMap(Bar::tsMs, Bar::trades, Math::max))
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(inSeconds).isEqualTo(10);
    }
}
