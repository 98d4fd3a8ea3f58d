package dev.ticktape.topology.features;

import dev.ticktape.topology.SkippedBars;
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
    private final Counter emitted;
    private final Counter recomputed;
    private final Counter outsideSession;
    private final SkippedBars skipped;

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
        skipped = new SkippedBars(registry);
    }

    void emitted(boolean again) {
        emitted.increment();
        if (again) recomputed.increment();
    }

    void outsideSession() {
        outsideSession.increment();
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
