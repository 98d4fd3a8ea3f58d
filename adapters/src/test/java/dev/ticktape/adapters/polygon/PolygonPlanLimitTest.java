package dev.ticktape.adapters.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PolygonPlanLimitTest {
    @Test
    void fiveRequestsPerMinuteLeaveTheSixthWaitingUntilTheFirstIsAMinuteOld() throws InterruptedException {
        AtomicLong now = new AtomicLong(1_000_000);
        PolygonPlanLimit limit = new PolygonPlanLimit(5, now::get);
        for (int i = 0; i < 5; i++) {
            limit.acquire();
            now.addAndGet(1_000); // requests at 0, 1, 2, 3, 4 s
        }
        // now = +5 s: the first slot frees at +60 s
        assertThat(limit.waitMs()).isEqualTo(55_000);
        now.set(1_000_000 + 60_000);
        assertThat(limit.waitMs()).isZero();
        limit.acquire();
        assertThat(limit.waitMs()).isEqualTo(1_000); // the request at +1 s is next to age out
    }

    @Test
    void zeroMeansNoCap() throws InterruptedException {
        PolygonPlanLimit limit = new PolygonPlanLimit(0, () -> 0);
        for (int i = 0; i < 1000; i++) limit.acquire();
        assertThat(limit.waitMs()).isZero();
    }
}
