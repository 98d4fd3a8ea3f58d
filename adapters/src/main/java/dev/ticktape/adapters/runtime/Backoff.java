package dev.ticktape.adapters.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Capped exponential backoff with full jitter: attempt {@code n} (0-based) waits a uniformly random time in
 * {@code [0, min(cap, base * 2^n)]}. Full jitter spreads reconnect storms of many clients after a venue outage,
 * which matters with per-IP connect limits.
 */
public final class Backoff {
    private final long baseMs;
    private final long capMs;
    private final LongUnaryOperator random;

    /** {@code random} maps an inclusive bound to a value in {@code [0, bound]}; injectable for tests. */
    Backoff(Duration base, Duration cap, LongUnaryOperator random) {
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("base must be > 0");
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("cap must be >= base");
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
        this.random = random;
    }

    public Backoff(Duration base, Duration cap) {
        this(base, cap, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** 500 ms doubling up to 30 s. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The upper bound of the wait before attempt {@code attempt}. */
    public long ceilingMs(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long exp = baseMs << shift;
        return exp <= 0 || exp > capMs ? capMs : exp;
    }

    /** A random wait for attempt {@code attempt}. */
    public Duration delay(int attempt) {
        return Duration.ofMillis(random.applyAsLong(ceilingMs(attempt)));
    }
}
