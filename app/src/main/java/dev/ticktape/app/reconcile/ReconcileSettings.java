package dev.ticktape.app.reconcile;

import dev.ticktape.model.BarInterval;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the reconciliation job runs.
 *
 * @param every                    period of a run
 * @param delay                    a window is checked once its end is this far in the past (our bar must be
 *                                 closed and stored: grace, minute grace and the sink's batch delay fit in it)
 * @param recheckFor               a window that did not match is checked again on every run for this long after
 *                                 its first check (a late trade may still revise our bar; the allowed lateness)
 * @param alertThreshold           a run whose new non-matching windows exceed this raises an alert
 * @param binanceIntervals         what is reconciled against Binance klines: 1m, and 1s if asked
 * @param polygonRequestsPerMinute the Polygon plan's REST requests per minute (0: uncapped)
 * @param clock                    the time windows are judged by (tests run it on a fake venue's clock)
 */
public record ReconcileSettings(
        Duration every,
        Duration delay,
        Duration recheckFor,
        int alertThreshold,
        List<BarInterval> binanceIntervals,
        int polygonRequestsPerMinute,
        Clock clock) {
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DELAY = Duration.ofMinutes(1);

    public ReconcileSettings {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(recheckFor, "recheckFor");
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("reconcile period must be > 0");
        if (delay.isNegative()) throw new IllegalArgumentException("reconcile delay must be >= 0");
        if (recheckFor.isNegative()) throw new IllegalArgumentException("recheck window must be >= 0");
        if (alertThreshold < 0) throw new IllegalArgumentException("alert threshold must be >= 0");
        if (polygonRequestsPerMinute < 0) throw new IllegalArgumentException("polygon requests/min must be >= 0");
        binanceIntervals = List.copyOf(binanceIntervals);
        if (binanceIntervals.isEmpty()) throw new IllegalArgumentException("reconcile at least one interval");
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** Every minute, one minute behind, 1m bars, any mismatch alerts, 5 Polygon requests a minute. */
    public static ReconcileSettings defaults(Duration recheckFor) {
        return new ReconcileSettings(
                DEFAULT_EVERY, DEFAULT_DELAY, recheckFor, 0, List.of(BarInterval.M1), 5, Clock.systemUTC());
    }

    public ReconcileSettings withClock(Clock c) {
        return new ReconcileSettings(
                every, delay, recheckFor, alertThreshold, binanceIntervals, polygonRequestsPerMinute, c);
    }

    public ReconcileSettings withEvery(Duration d) {
        return new ReconcileSettings(
                d, delay, recheckFor, alertThreshold, binanceIntervals, polygonRequestsPerMinute, clock);
    }

    public ReconcileSettings withBinanceIntervals(List<BarInterval> intervals) {
        return new ReconcileSettings(
                every, delay, recheckFor, alertThreshold, intervals, polygonRequestsPerMinute, clock);
    }
}
