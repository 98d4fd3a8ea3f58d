package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress and summary lines carry the counters, the rate, the event time and, for a replay, the ETA. */
class ReplayStatsTest {
    private final ReplayStats stats = new ReplayStats(
            "file:t.ndjson",
            100_000,
            99_000,
            990,
            8,
            2,
            1_714_521_600_000L,
            1_714_525_199_000L,
            25_000_000,
            Duration.ofSeconds(10));

    @Test
    void progressOfAReplayHasShareAndEta() {
        assertThat(stats.progress(100_000_000))
                .isEqualTo("replay file:t.ndjson: 100,000 lines (10,000 lines/s), 8 rejected, event time "
                        + "2024-05-01T00:59:59Z, 25% of 100.0 MB, ETA 30 s");
    }

    @Test
    void progressOfAFollowedFileHasNoEta() {
        assertThat(stats.progress(-1)).endsWith("event time 2024-05-01T00:59:59Z");
    }

    @Test
    void summaryCountsEveryKindOfLine() {
        assertThat(stats.summary())
                .isEqualTo("replay file:t.ndjson finished in 10.0 s: 100,000 lines (10,000 lines/s), 99,000 trades, "
                        + "990 ohlc1s, 8 rejected, 2 blank; event time 2024-05-01T00:00:00Z .. 2024-05-01T00:59:59Z");
    }
}
