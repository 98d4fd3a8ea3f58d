package dev.ticktape.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ThreadReplacementsTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ThreadReplacements budget = new ThreadReplacements(3, Duration.ofMinutes(10), nanos::get);

    @Test
    void replacesUpToTheBudgetThenGivesUp() {
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isFalse();
        assertThat(budget.inWindow()).isEqualTo(3);
    }

    @Test
    void aReplacementOlderThanTheWindowNoLongerCounts() {
        budget.tryReplace(); // t = 0
        nanos.set(Duration.ofMinutes(4).toNanos());
        budget.tryReplace();
        budget.tryReplace();
        assertThat(budget.tryReplace()).isFalse();

        nanos.set(Duration.ofMinutes(10).toNanos()); // the first one is exactly 10 min old: out of the window
        assertThat(budget.tryReplace()).isTrue();
        assertThat(budget.tryReplace()).isFalse();
        assertThat(budget.inWindow()).isEqualTo(3);
    }

    @Test
    void aZeroBudgetNeverReplaces() {
        ThreadReplacements none = new ThreadReplacements(0, Duration.ofMinutes(10), nanos::get);
        assertThat(none.tryReplace()).isFalse();
    }
}
