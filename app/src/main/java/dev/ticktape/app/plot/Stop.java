package dev.ticktape.app.plot;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-way stop request (Ctrl-C, a test) that long loops wait on instead of sleeping, so they stop at once. */
public final class Stop {
    private final CountDownLatch latch = new CountDownLatch(1);

    public void signal() {
        latch.countDown();
    }

    public boolean requested() {
        return latch.getCount() == 0;
    }

    /** Waits up to {@code d}; true when a stop was requested. */
    public boolean await(Duration d) throws InterruptedException {
        return latch.await(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
    }
}
