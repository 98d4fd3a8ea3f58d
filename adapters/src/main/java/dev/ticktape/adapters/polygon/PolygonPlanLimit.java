package dev.ticktape.adapters.polygon;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The plan's REST request budget: at most {@code perMinute} requests in any 60 s, the way the venue counts them
 * for capped plans (the free tier historically allowed 5 per minute; paid plans are uncapped, but the venue still
 * answers 429 when pushed). {@link #acquire()} blocks until a slot is free, so a caller never spends the budget
 * another caller of the same key needs. Thread-safe.
 */
public final class PolygonPlanLimit {
    /** No cap: paid plans. */
    public static final PolygonPlanLimit UNLIMITED = new PolygonPlanLimit(0);

    private static final long WINDOW_MS = 60_000;
    private final int perMinute;
    private final LongSupplier clockMs;
    private final ArrayDeque<Long> sent = new ArrayDeque<>();

    /** @param perMinute requests per rolling minute; 0 = no cap */
    public PolygonPlanLimit(int perMinute) {
        this(perMinute, System::currentTimeMillis);
    }

    PolygonPlanLimit(int perMinute, LongSupplier clockMs) {
        if (perMinute < 0) throw new IllegalArgumentException("requests per minute must be >= 0");
        this.perMinute = perMinute;
        this.clockMs = clockMs;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Takes one request slot, waiting until the oldest request of the window is a minute old when all are used. */
    public void acquire() throws InterruptedException {
        if (perMinute == 0) return;
        synchronized (this) {
            while (true) {
                long wait = waitMs();
                if (wait <= 0) {
                    sent.addLast(clockMs.getAsLong());
                    return;
                }
                wait(wait);
            }
        }
    }

    /** How long until a slot frees, 0 when one is free now. */
    synchronized long waitMs() {
        long now = clockMs.getAsLong();
        while (!sent.isEmpty() && now - sent.peekFirst() >= WINDOW_MS) sent.pollFirst();
        if (perMinute == 0 || sent.size() < perMinute) return 0;
        return sent.peekFirst() + WINDOW_MS - now;
    }
}
