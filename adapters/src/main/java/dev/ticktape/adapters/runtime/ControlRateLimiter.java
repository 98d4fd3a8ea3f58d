package dev.ticktape.adapters.runtime;

import java.util.function.LongSupplier;

/**
 * Spaces outgoing control messages so that no more than {@code perSecond} leave in any one-second window. Each
 * call reserves the next free slot and returns how long the caller must wait for it; slots are evenly spaced
 * ({@code 1s / perSecond}), so reservations keep their order when executed by a single-threaded scheduler.
 */
public final class ControlRateLimiter {
    private final long spacingNanos;
    private final LongSupplier nanoClock;
    private long nextSlot;
    private boolean first = true;

    ControlRateLimiter(int perSecond, LongSupplier nanoClock) {
        if (perSecond < 1) throw new IllegalArgumentException("perSecond must be >= 1");
        this.spacingNanos = 1_000_000_000L / perSecond;
        this.nanoClock = nanoClock;
    }

    public ControlRateLimiter(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    /** Reserves a slot; returns the wait in nanoseconds before sending (0 when the slot is now). */
    public synchronized long reserveNanos() {
        long now = nanoClock.getAsLong();
        long slot = first || now - nextSlot > 0 ? now : nextSlot;
        first = false;
        nextSlot = slot + spacingNanos;
        return slot - now;
    }
}
