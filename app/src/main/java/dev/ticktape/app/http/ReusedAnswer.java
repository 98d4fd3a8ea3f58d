package dev.ticktape.app.http;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * An answer computed at most once per short window and shared by every request in it: every open dashboard page
 * polls {@code /metrics} or {@code /v1/overview} every 2 s, and one computation a second serves all of them.
 * Prometheus itself scrapes every 15 s or more, so a second-old answer changes nothing for it.
 */
final class ReusedAnswer<T> {
    private record Answer<T>(long atNanos, T value) {}

    private final Supplier<T> compute;
    private final long reuseNanos;
    private volatile Answer<T> last;

    ReusedAnswer(Supplier<T> compute, Duration reuse) {
        this.compute = compute;
        this.reuseNanos = reuse.toNanos();
    }

    T get() {
        Answer<T> a = last;
        long now = System.nanoTime();
        if (a != null && now - a.atNanos() < reuseNanos) return a.value();
        // Two requests at the same moment may both compute: cheaper than making one wait for the other.
        Answer<T> fresh = new Answer<>(now, compute.get());
        last = fresh;
        return fresh.value();
    }
}
