package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRateTest {
    @Test
    void averagesTheLastWholeSecondsAndFallsToZeroAfterTheFeedStops() {
        AtomicLong now = new AtomicLong(1_000_000);
        RecentRate rate = new RecentRate(now::get);
        // 200 events per second for 10 s, evenly spread.
        for (int i = 0; i < 2_000; i++) {
            rate.record();
            now.addAndGet(5);
        }
        assertThat(rate.perSecond()).isEqualTo(200.0);
        now.addAndGet(3_000);
        assertThat(rate.perSecond()).as("3 s after the last event").isBetween(0.0, 80.0);
        now.addAndGet(3_000);
        assertThat(rate.perSecond()).as("6 s after the last event").isZero();
    }
}
