package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InflightBudgetTest {
    private final InflightBudget budget = new InflightBudget(new InflightLimits(4, 2, 1000, 500));
    private final List<Boolean> transitions = new ArrayList<>();

    @Test
    void pausesAtHighRecordsAndResumesAtLowWithHysteresis() {
        budget.addListener(transitions::add);
        for (int i = 0; i < 3; i++) budget.acquire(10);
        assertThat(budget.isPaused()).isFalse();

        budget.acquire(10);
        assertThat(budget.isPaused()).isTrue();

        budget.release(10); // 3 left: above the low mark
        assertThat(budget.isPaused()).isTrue();
        budget.release(10); // 2 left: at the low mark
        assertThat(budget.isPaused()).isFalse();
        assertThat(transitions).containsExactly(true, false);
        assertThat(budget.pauses()).isEqualTo(1);
    }

    @Test
    void pausesOnBytesAlone() {
        budget.acquire(1000);
        assertThat(budget.isPaused()).isTrue();
        budget.release(1000);
        assertThat(budget.isPaused()).isFalse();
        assertThat(budget.records()).isZero();
    }

    @Test
    void awaitCapacityBlocksWhilePaused() throws InterruptedException {
        for (int i = 0; i < 4; i++) budget.acquire(1);
        CountDownLatch passed = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                budget.awaitCapacity();
                passed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();

        assertThat(passed.await(200, TimeUnit.MILLISECONDS)).isFalse();
        budget.release(1);
        budget.release(1);
        assertThat(passed.await(5, TimeUnit.SECONDS)).isTrue();
        waiter.join();
    }

    @Test
    void endsUnpausedAfterConcurrentAcquireAndRelease() throws InterruptedException {
        InflightBudget b = new InflightBudget(new InflightLimits(50, 10, 1L << 40, 1));
        Runnable work = () -> {
            for (int i = 0; i < 200_000; i++) {
                b.acquire(0);
                b.release(0);
            }
        };
        Thread t1 = new Thread(work);
        Thread t2 = new Thread(work);
        t1.start();
        t2.start();
        t1.join();
        t2.join();

        assertThat(b.records()).isZero();
        await().atMost(Duration.ofSeconds(1)).until(() -> !b.isPaused());
    }
}
