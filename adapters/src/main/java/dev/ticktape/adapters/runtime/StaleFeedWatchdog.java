package dev.ticktape.adapters.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Detects a feed that is connected but silent: no market data for {@code timeout} while the market is open.
 * Only {@link #dataReceived()} resets it, so pings, pongs and control responses cannot mask a dead data stream.
 */
public final class StaleFeedWatchdog {
    private final long timeoutNanos;
    private final BooleanSupplier marketOpen;
    private final LongSupplier nanoClock;
    private volatile long lastDataNanos;

    StaleFeedWatchdog(Duration timeout, BooleanSupplier marketOpen, LongSupplier nanoClock) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
        this.timeoutNanos = timeout.toNanos();
        this.marketOpen = marketOpen;
        this.nanoClock = nanoClock;
        this.lastDataNanos = nanoClock.getAsLong();
    }

    public StaleFeedWatchdog(Duration timeout, BooleanSupplier marketOpen) {
        this(timeout, marketOpen, System::nanoTime);
    }

    public void dataReceived() {
        lastDataNanos = nanoClock.getAsLong();
    }

    /** Restarts the clock, e.g. on a fresh connection that has not had time to deliver yet. */
    public void reset() {
        dataReceived();
    }

    /** True when the feed should be considered dead. */
    public boolean isStale() {
        return marketOpen.getAsBoolean() && nanoClock.getAsLong() - lastDataNanos > timeoutNanos;
    }

    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }
}
