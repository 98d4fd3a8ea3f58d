package dev.ticktape.persistence.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long each tier is kept. Data ages out by whole UTC days: with {@code now - keep} falling on day D, everything
 * before D 00:00 UTC goes, so at least {@code keep} is always kept. 1m bars are rolled up into {@code ohlc_5m}
 * before they go.
 */
public record RetentionPolicy(Duration bars1s, Duration bars1m, Duration greeks) {
    public RetentionPolicy {
        for (Duration d : new Duration[] {bars1s, bars1m, greeks}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("retention must be > 0");
        }
    }

    /** 1s bars 7 days, 1m bars 30 days, Greeks snapshots 30 days. */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(30));
    }

    /** The first UTC day kept for a tier of length {@code keep}. */
    public static LocalDate firstKeptDay(Instant now, Duration keep) {
        return LocalDate.ofInstant(now.minus(keep), ZoneOffset.UTC);
    }
}
