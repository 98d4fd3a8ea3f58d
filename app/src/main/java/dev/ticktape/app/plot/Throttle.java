package dev.ticktape.app.plot;

import java.time.Duration;

/** Lets a progress line through at most once per period, so a long run prints counters, not a stream. */
final class Throttle {
    private final long periodNanos;
    private long last;
    private boolean any;

    Throttle(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** True on the first call and then when a period has passed since the last true. */
    boolean ready() {
        long now = System.nanoTime();
        if (any && now - last < periodNanos) return false;
        any = true;
        last = now;
        return true;
    }
}
