package dev.ticktape.adapters.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts records handed to an {@link EventPublisher} and not yet acknowledged, and turns that count into a
 * paused/running signal with hysteresis ({@link InflightLimits}). Non-blocking producers (network event loops)
 * {@link #acquire} freely and react to {@link Listener} callbacks by stopping reads; blocking producers (file
 * readers) call {@link #awaitCapacity} first. Nothing is queued here, so memory stays bounded by the limits plus
 * what a producer reads between two checks.
 *
 * <p>Thread-safe. Counters are atomics on the hot path; only state transitions take the lock. A transition
 * re-reads the counters after publishing the new state, and the counter updaters read the state after
 * changing the counters, so a transition can never be missed by a concurrent acquire/release.
 */
public final class InflightBudget {

    /** Told about every pause and resume. Runs under the budget's lock: hand off, do not block. */
    @FunctionalInterface
    public interface Listener {
        void onPausedChanged(boolean paused);
    }

    private final InflightLimits limits;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile boolean paused;

    public InflightBudget(InflightLimits limits) {
        this.limits = limits;
    }

    public InflightLimits limits() {
        return limits;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Counts one record of {@code size} bytes as in flight. Never blocks. */
    public void acquire(int size) {
        long r = records.incrementAndGet();
        long b = bytes.addAndGet(size);
        if (!paused && limits.reachedHigh(r, b)) reevaluate();
    }

    /** The record counted by {@link #acquire} with the same size was acknowledged or failed. */
    public void release(int size) {
        long r = records.decrementAndGet();
        long b = bytes.addAndGet(-size);
        if (paused && limits.belowLow(r, b)) reevaluate();
    }

    /** Blocks while intake is paused. */
    public void awaitCapacity() throws InterruptedException {
        synchronized (lock) {
            while (paused) lock.wait();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    public long records() {
        return records.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** How many times intake has been paused since start. */
    public long pauses() {
        return pauses.get();
    }

    private void reevaluate() {
        synchronized (lock) {
            // Loop: after each flip the counters are re-read, so a concurrent update that saw the old state and
            // skipped reevaluate() is still accounted for.
            while (true) {
                long r = records.get();
                long b = bytes.get();
                if (!paused && limits.reachedHigh(r, b)) {
                    paused = true;
                    pauses.incrementAndGet();
                    notifyListeners(true);
                } else if (paused && limits.belowLow(r, b)) {
                    paused = false;
                    lock.notifyAll();
                    notifyListeners(false);
                } else {
                    return;
                }
            }
        }
    }

    private void notifyListeners(boolean nowPaused) {
        for (Listener l : listeners) l.onPausedChanged(nowPaused);
    }
}
