package dev.ticktape.adapters.runtime;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds: what a feed does now, not since it started. Counts go into
 * one slot per wall-clock second; the rate averages the {@value #WINDOW_SECONDS} seconds before the current one,
 * so it is steady while a feed streams and falls to 0 within that window once it stops.
 */
public final class RecentRate {
    static final int WINDOW_SECONDS = 5;
    private static final int SLOTS = WINDOW_SECONDS + 2;

    private final LongSupplier clockMs;
    private final long[] second = new long[SLOTS];
    private final long[] count = new long[SLOTS];

    public RecentRate(LongSupplier clockMs) {
        this.clockMs = clockMs;
        Arrays.fill(second, Long.MIN_VALUE);
    }

    public RecentRate() {
        this(System::currentTimeMillis);
    }

    public synchronized void record() {
        long s = Math.floorDiv(clockMs.getAsLong(), 1000);
        int i = (int) Math.floorMod(s, SLOTS);
        if (second[i] != s) {
            second[i] = s;
            count[i] = 0;
        }
        count[i]++;
    }

    /** Mean events per second over the last {@value #WINDOW_SECONDS} complete seconds. */
    public synchronized double perSecond() {
        long now = Math.floorDiv(clockMs.getAsLong(), 1000);
        long sum = 0;
        for (long s = now - WINDOW_SECONDS; s < now; s++) {
            int i = (int) Math.floorMod(s, SLOTS);
            if (second[i] == s) sum += count[i];
        }
        return sum / (double) WINDOW_SECONDS;
    }
}
