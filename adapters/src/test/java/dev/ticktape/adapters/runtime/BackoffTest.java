package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void ceilingDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(b.ceilingMs(0)).isEqualTo(100);
        assertThat(b.ceilingMs(1)).isEqualTo(200);
        assertThat(b.ceilingMs(3)).isEqualTo(800);
        assertThat(b.ceilingMs(4)).isEqualTo(1000);
        assertThat(b.ceilingMs(500)).isEqualTo(1000);
    }

    @Test
    void fullJitterDrawsFromZeroToCeiling() {
        long[] seen = new long[1];
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> {
            seen[0] = bound;
            return bound / 2;
        });
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(seen[0]).isEqualTo(400);
        Backoff real = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) assertThat(real.delay(3).toMillis()).isBetween(0L, 800L);
    }
}
