package dev.ticktape.topology.features;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of the features computation, registered up front so the per-bar path only increments.
 * <ul>
 *   <li>{@code ticktape.features.emitted}: feature sets forwarded to {@code md.features}, re-emissions included</li>
 *   <li>{@code ticktape.features.recomputed}: of those, re-emissions of a bar whose features were emitted before
 *       (the bar was revised, or an earlier bar of its session arrived late)</li>
 *   <li>{@code ticktape.features.outside_session}: bars outside every session of their venue's rule (pre- and
 *       post-market bars of US equities); they get no features</li>
 *   <li>{@code ticktape.analytics.skipped{reason=undecodable|behind_horizon}}: bars not used; the summariser counts
 *       into the same meter</li>
 * </ul>
 * Thread-safe: shared by all stream threads of one client.
 */
public final class FeatureMetrics {
    /** Shared with the summariser: the name and tag key must stay identical so both get one meter. */
    public static final String SKIPPED = "ticktape.analytics.skipped";

    public static final String REASON_TAG = "reason";
    public static final String UNDECODABLE = "undecodable";
    public static final String BEHIND_HORIZON = "behind_horizon";

    private final Counter emitted;
    private final Counter recomputed;
    private final Counter outsideSession;
    private final Counter undecodable;
    private final Counter behindHorizon;

    public FeatureMetrics(MeterRegistry registry) {
        emitted = Counter.builder("ticktape.features.emitted")
                .description("Feature sets forwarded, re-emissions included")
                .register(registry);
        recomputed = Counter.builder("ticktape.features.recomputed")
                .description("Feature sets re-emitted after a revised or late earlier bar of the session")
                .register(registry);
        outsideSession = Counter.builder("ticktape.features.outside_session")
                .description("Bars outside every session of their venue's rule, given no features")
                .register(registry);
        undecodable = skipped(registry, UNDECODABLE);
        behindHorizon = skipped(registry, BEHIND_HORIZON);
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder(SKIPPED)
                .tag(REASON_TAG, reason)
                .description("Bars the analytics computations could not use")
                .register(registry);
    }

    void emitted(boolean again) {
        emitted.increment();
        if (again) recomputed.increment();
    }

    void outsideSession() {
        outsideSession.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    void behindHorizon() {
        behindHorizon.increment();
    }
}
