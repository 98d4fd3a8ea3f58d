package dev.ticktape.topology.greeks;

import java.time.Duration;

/**
 * Settings of the Greeks topology.
 *
 * @param minInterval       conflation: forward at most one snapshot per contract per this much event time, the
 *                          newest one winning; {@link Duration#ZERO} forwards every accepted snapshot
 * @param maxFutureSkew     snapshots stamped further than this ahead of the wall clock are dead-lettered, so one
 *                          bad clock cannot pin a contract to a future snapshot that hides every real one
 * @param punctuateInterval wall-clock period of the check that flushes held-back snapshots of quiet contracts
 */
public record GreeksConfig(Duration minInterval, Duration maxFutureSkew, Duration punctuateInterval) {

    public GreeksConfig {
        requireNonNegative("minInterval", minInterval);
        requireNonNegative("maxFutureSkew", maxFutureSkew);
        if (punctuateInterval == null || punctuateInterval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("punctuateInterval must be at least 1 ms, got " + punctuateInterval);
        }
    }

    /** No conflation, 60 s future skew, flush check every second. */
    public static GreeksConfig defaults() {
        return new GreeksConfig(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    public GreeksConfig withMinInterval(Duration d) {
        return new GreeksConfig(d, maxFutureSkew, punctuateInterval);
    }

    public boolean conflating() {
        return !minInterval.isZero();
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration, got " + d);
        }
    }
}
