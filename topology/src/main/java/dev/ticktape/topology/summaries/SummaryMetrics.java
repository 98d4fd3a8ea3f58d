package dev.ticktape.topology.summaries;

import dev.ticktape.topology.SkippedBars;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of the summariser:
 * <ul>
 *   <li>{@code ticktape.summaries.emitted}: every summary forwarded to {@code md.summaries}</li>
 *   <li>{@code ticktape.summaries.recomputed}: the part of those that a late or revised bar re-emitted for a later
 *       bar's end (windows that contain it), not for its own</li>
 *   <li>{@code ticktape.analytics.skipped{reason}}: 1s bars not summarised: {@code undecodable} (not a valid
 *       {@code ohlc1s} bar; the bar application dead-letters those), {@code behind_horizon} (starts more than the
 *       horizon before its instrument's newest bar), {@code stale_revision} (a lower revision than the bar stored
 *       for that second). The features share this meter name and tag key.</li>
 * </ul>
 * Thread-safe: shared by all stream threads of one client.
 */
public final class SummaryMetrics {
    private final Counter emitted;
    private final Counter recomputed;
    private final SkippedBars skipped;

    public SummaryMetrics(MeterRegistry registry) {
        emitted = Counter.builder("ticktape.summaries.emitted")
                .description("Summaries forwarded to md.summaries")
                .register(registry);
        recomputed = Counter.builder("ticktape.summaries.recomputed")
                .description("Summaries of later bars re-emitted because a late or revised bar falls in their window")
                .register(registry);
        skipped = new SkippedBars(registry);
    }

    void emitted(boolean recomputation) {
        emitted.increment();
        if (recomputation) recomputed.increment();
    }

    void undecodable() {
        skipped.undecodable();
    }

    void behindHorizon() {
        skipped.behindHorizon();
    }

    void staleRevision() {
        skipped.staleRevision();
    }
}
