package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ControlRateLimiterTest {
    @Test
    void spacesReservationsSoAtMostNFallInOneSecond() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ControlRateLimiter limiter = new ControlRateLimiter(4, now::get);
        assertThat(limiter.reserveNanos()).isZero();
        assertThat(limiter.reserveNanos()).isEqualTo(250_000_000L);
        assertThat(limiter.reserveNanos()).isEqualTo(500_000_000L);
        assertThat(limiter.reserveNanos()).isEqualTo(750_000_000L);
        assertThat(limiter.reserveNanos()).isEqualTo(1_000_000_000L);
    }

    @Test
    void idleTimeIsNotBankedAsBurst() {
        AtomicLong now = new AtomicLong(0);
        ControlRateLimiter limiter = new ControlRateLimiter(5, now::get);
        limiter.reserveNanos();
        now.addAndGet(10_000_000_000L);
        assertThat(limiter.reserveNanos()).isZero();
        assertThat(limiter.reserveNanos()).isEqualTo(200_000_000L);
    }
}
