package dev.ticktape.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code ticktape.analytics.skipped{reason}}: bars the summariser or the features did not compute on, one meter per
 * reason shared by both (Micrometer hands the second registrant the same meter):
 * <ul>
 *   <li>{@code undecodable}: not a valid bar of the interval (the bar application dead-letters those already)</li>
 *   <li>{@code behind_horizon}: starts more than the revision horizon before its instrument's newest bar, so the
 *       neighbours it needs are gone</li>
 *   <li>{@code stale_revision}: a lower revision than the bar already held for that start</li>
 * </ul>
 */
public final class SkippedBars {
    public static final String NAME = "ticktape.analytics.skipped";

    private final Counter undecodable;
    private final Counter behindHorizon;
    private final Counter staleRevision;

    public SkippedBars(MeterRegistry registry) {
        undecodable = counter(registry, "undecodable");
        behindHorizon = counter(registry, "behind_horizon");
        staleRevision = counter(registry, "stale_revision");
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder(NAME)
                .tag("reason", reason)
                .description("Bars the analytics did not compute on")
                .register(registry);
    }

    public void undecodable() {
        undecodable.increment();
    }

    public void behindHorizon() {
        behindHorizon.increment();
    }

    public void staleRevision() {
        staleRevision.increment();
    }
}
