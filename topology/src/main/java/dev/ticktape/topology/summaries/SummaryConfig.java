package dev.ticktape.topology.summaries;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the summariser (see {@code docs/analytics.md}, "Summaries").
 *
 * @param windows window lengths, whole seconds, at least 1 s each, distinct and in ascending order; one summary per
 *                window for every 1s bar
 * @param horizon the revision horizon: the bar topology's allowed lateness. A bar starting more than this before
 *                its instrument's newest bar is not summarised; the store keeps {@code horizon} plus the largest
 *                window of bars per instrument
 */
public record SummaryConfig(List<Duration> windows, Duration horizon) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HORIZON = Duration.ofMinutes(15);

    public SummaryConfig {
        if (windows == null || windows.isEmpty()) {
            throw new IllegalArgumentException("summary windows must name at least one window");
        }
        Duration previous = null;
        for (Duration w : windows) {
            if (w == null
                    || w.compareTo(Duration.ofSeconds(1)) < 0
                    || w.getNano() != 0
                    || w.getSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("summary window must be a whole number of seconds >= 1s, got " + w);
            }
            if (previous != null && w.compareTo(previous) <= 0) {
                throw new IllegalArgumentException(
                        "summary windows must be distinct and in ascending order, got " + windows);
            }
            previous = w;
        }
        windows = List.copyOf(windows);
        if (horizon == null || horizon.isNegative()) {
            throw new IllegalArgumentException("summary horizon must be a non-negative duration, got " + horizon);
        }
    }

    /** One 60 s window, 15 min horizon (the bar topology's default allowed lateness). */
    public static SummaryConfig defaults() {
        return new SummaryConfig(List.of(DEFAULT_WINDOW), DEFAULT_HORIZON);
    }

    /** The largest window: with {@link #horizon} it bounds the bars kept per instrument. */
    public Duration largestWindow() {
        return windows.get(windows.size() - 1);
    }
}
