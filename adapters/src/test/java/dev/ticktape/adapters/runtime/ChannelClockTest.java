package dev.ticktape.adapters.runtime;

import static dev.ticktape.adapters.runtime.ChannelClock.NO_TICK;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-computed producer clock values: live cap 10 s, lag buckets of 5 s (the defaults). */
@Timeout(10)
class ChannelClockTest {
    /** A whole multiple of the 5 s bucket, so bucket edges are at T + k * 5000. */
    private static final long T = 1_700_000_000_000L;

    private final ChannelClock clock = new ChannelClock();

    @Test
    void nothingToTickBeforeTheFirstTrade() {
        assertThat(clock.tickAt(T)).isEqualTo(NO_TICK);
        assertThat(clock.endTick()).isEqualTo(NO_TICK);
        assertThat(clock.maxTsSeen()).isEqualTo(NO_TICK);
    }

    @Test
    void liveChannelRunsOnWithTheWallClockMinusItsLag() {
        clock.observe(T + 100, T + 120); // 20 ms lag
        assertThat(clock.tickAt(T + 500)).isEqualTo(T + 480); // max(T+100, T+500-20)
        assertThat(clock.tickAt(T + 2_000)).as("quiet: still moving").isEqualTo(T + 1_980);
        clock.observe(T + 2_100, T + 2_100); // lag 0, but the 20 ms of this bucket still count
        assertThat(clock.tickAt(T + 2_200)).isEqualTo(T + 2_180);
        assertThat(clock.endTick()).isEqualTo(T + 2_180); // max(maxTs T+2100, last tick T+2180)
    }

    @Test
    void aClientTwoSecondsBehindTicksTwoSecondsBehindTheWallClock() {
        clock.observe(T + 1_000, T + 3_000); // lag 2000
        clock.observe(T + 1_500, T + 3_400); // lag 1900
        assertThat(clock.tickAt(T + 3_500)).isEqualTo(T + 1_500); // max(T+1500, T+3500-2000)
        assertThat(clock.tickAt(T + 4_000)).isEqualTo(T + 2_000);
        // Its next trade, 2 s behind as usual, is above every tick so far.
        clock.observe(T + 2_100, T + 4_100);
        assertThat(clock.tickAt(T + 4_100)).isEqualTo(T + 2_100);
        assertThat(clock.tickAt(T + 60_000))
                .as("a quiet channel keeps its last lag")
                .isEqualTo(T + 58_000);
    }

    @Test
    void lagIsTheMaximumOfTheLastTwoBuckets() {
        clock.observe(T + 1_000, T + 3_000); // bucket 0: lag 2000
        clock.observe(T + 5_900, T + 6_000); // bucket 1: lag 100; bucket 0 still counts
        assertThat(clock.lagMs()).isEqualTo(2_000);
        assertThat(clock.tickAt(T + 6_000)).isEqualTo(T + 5_900); // max(T+5900, T+6000-2000)
        clock.observe(T + 10_900, T + 11_000); // bucket 2: lag 100; bucket 0 (8 s ago) dropped
        assertThat(clock.lagMs()).isEqualTo(100);
        assertThat(clock.tickAt(T + 11_000)).isEqualTo(T + 10_900);
        assertThat(clock.tickAt(T + 11_500)).isEqualTo(T + 11_400);
    }

    @Test
    void aGapOfMoreThanOneBucketForgetsTheOldLag() {
        clock.observe(T + 1_000, T + 3_000); // lag 2000
        clock.observe(T + 19_950, T + 20_000); // 17 s later (bucket 4): lag 50 only
        assertThat(clock.lagMs()).isEqualTo(50);
        assertThat(clock.tickAt(T + 20_000)).isEqualTo(T + 19_950);
    }

    @Test
    void historicalReplayTicksEventTimeOnlyAndNeverExtrapolates() {
        long dayAgo = T - 86_400_000L;
        clock.observe(dayAgo, T); // lag one day: above the 10 s live cap
        assertThat(clock.tickAt(T + 100)).isEqualTo(dayAgo);
        clock.observe(dayAgo + 500, T + 1);
        assertThat(clock.tickAt(T + 200)).isEqualTo(dayAgo + 500);
        assertThat(clock.tickAt(T + 100_000))
                .as("end of a finite replay: stays put")
                .isEqualTo(dayAgo + 500);
        assertThat(clock.endTick()).isEqualTo(dayAgo + 500);
    }

    @Test
    void theLiveCapIsInclusive() {
        clock.observe(T, T + 10_000); // lag exactly 10 s: live
        assertThat(clock.tickAt(T + 10_500)).isEqualTo(T + 500);

        ChannelClock other = new ChannelClock();
        other.observe(T, T + 10_001); // 1 ms more: historical
        assertThat(other.tickAt(T + 10_500)).isEqualTo(T);
    }

    @Test
    void ticksNeverGoBackwards() {
        clock.observe(T, T); // live, lag 0
        assertThat(clock.tickAt(T + 5_000)).isEqualTo(T + 5_000);
        assertThat(clock.tickAt(T + 4_000)).as("an earlier wall clock").isEqualTo(T + 5_000);
        // A gap-filled trade a minute old turns the channel historical: max seen is T, but the clock stays.
        clock.observe(T - 55_000, T + 5_000);
        assertThat(clock.tickAt(T + 5_100)).isEqualTo(T + 5_000);
        assertThat(clock.endTick()).isEqualTo(T + 5_000);
        clock.observe(T + 5_050, T + 5_200);
        assertThat(clock.tickAt(T + 5_300)).isEqualTo(T + 5_050); // still historical (bucket 1 holds the minute)
    }

    @Test
    void aTradeStampedAheadOfTheReceiveClockCountsAsNoLag() {
        clock.observe(T + 2_000, T); // 2 s in the future
        assertThat(clock.lagMs()).isZero();
        assertThat(clock.tickAt(T + 100)).isEqualTo(T + 2_000); // max seen, not now + 2 s
        assertThat(clock.tickAt(T + 3_000)).isEqualTo(T + 3_000);
    }

    @Test
    void aTradeWithoutReceiveTimeStopsExtrapolation() {
        clock.observe(T, 0);
        assertThat(clock.tickAt(T + 5_000)).isEqualTo(T);
    }
}
