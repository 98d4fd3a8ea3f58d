package dev.ticktape.topology.bars;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long SPAN = 1_250;

    @Test
    void liveEventTimeRunsOnWithTheWallClockWhenIdle() {
        Watermark w = new Watermark(SPAN, 3_000, 250);
        w.observe(NOW - 100, NOW, NOW);
        assertThat(w.at(NOW + 700)).isEqualTo(NOW - 100 + 700);
    }

    @Test
    void historicalEventTimeStaysPutWhileIdleShorterThanTheFlushDelay() {
        Watermark w = new Watermark(SPAN, 3_000, 250);
        long hist = NOW - 86_400_000L;
        w.observe(hist, NOW, NOW);
        assertThat(w.at(NOW + 2_999)).isEqualTo(hist);
        assertThat(w.at(NOW + 3_000)).isEqualTo(hist + SPAN);
    }

    @Test
    void revivedTaskWaitsLongerBeforeAnIdleFlushButStillFlushes() {
        long hist = NOW - 86_400_000L;
        Watermark before = new Watermark(SPAN, 3_000, 250);
        before.observe(hist, NOW, NOW);
        Watermark revived = new Watermark(SPAN, 3_000, 250);
        revived.restore(before.toBytes(), NOW + 1_000);
        assertThat(revived.at(NOW + 1_000 + 8_999))
                .as("input held up after the restore")
                .isEqualTo(hist);
        assertThat(revived.at(NOW + 1_000 + 9_000))
                .as("the replay had ended before the restore")
                .isEqualTo(hist + SPAN);
    }

    @Test
    void revivedTaskBackToTheNormalDelayOnceItsInputFlows() {
        long hist = NOW - 86_400_000L;
        Watermark before = new Watermark(SPAN, 3_000, 250);
        before.observe(hist, NOW, NOW);
        Watermark revived = new Watermark(SPAN, 3_000, 250);
        revived.restore(before.toBytes(), NOW + 1_000);
        revived.observe(hist - 10, NOW + 5_000, NOW + 5_000); // the backlog flows (older than the max: no advance)
        assertThat(revived.at(NOW + 7_999)).isEqualTo(hist);
        assertThat(revived.at(NOW + 8_000)).isEqualTo(hist + SPAN);
    }

    @Test
    void taskWorkingThroughABacklogDoesNotExtrapolateBetweenBatches() {
        Watermark w = new Watermark(SPAN, 3_000, 250);
        // Live event time, but the record waited 2 s in Kafka: the task is behind its input.
        w.observe(NOW - 2_000, NOW - 2_000, NOW);
        assertThat(w.at(NOW + 800)).as("a gap between batches is not idleness").isEqualTo(NOW - 2_000);
        // Caught up again: the last record waited 20 ms.
        w.observe(NOW + 980, NOW + 980, NOW + 1_000);
        assertThat(w.at(NOW + 1_500)).isEqualTo(NOW + 980 + 500);
    }
}
