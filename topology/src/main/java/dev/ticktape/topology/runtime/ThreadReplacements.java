package dev.ticktape.topology.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * How often a Streams application may replace a stream thread that died, before it gives up and shuts down.
 *
 * <p>A thread dies on errors that no record causes: a broker that fails a transaction commit while it restarts
 * ({@code UNKNOWN_SERVER_ERROR} on {@code EndTxn}), a fenced producer, a lost connection at the wrong moment.
 * Under exactly-once the replacement aborts the open transaction and revives the tasks from their changelogs, so
 * nothing is lost or doubled, and the bars go on. Shutting the client down instead stops every bar until the
 * process is restarted. An error that recurs at once is not transient: after {@code max} replacements within
 * {@code window} the application shuts down, and its health check says so.
 */
final class ThreadReplacements {
    private final int max;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadReplacements(int max, Duration window, LongSupplier nanoClock) {
        if (max < 0) throw new IllegalArgumentException("max must be >= 0");
        this.max = max;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True (and counted) if one more replacement fits in the window; false once the budget is spent. */
    synchronized boolean tryReplace() {
        long now = nanoClock.getAsLong();
        while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) recent.removeFirst();
        if (recent.size() >= max) return false;
        recent.addLast(now);
        return true;
    }

    /** Replacements counted in the current window. */
    synchronized int inWindow() {
        return recent.size();
    }

    int max() {
        return max;
    }
}
