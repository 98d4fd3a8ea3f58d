package dev.ticktape.topology.decisions;

import dev.ticktape.model.GateSetting;
import dev.ticktape.model.Summary;

/**
 * Whether the exposure gate is closed for one decision, and why (docs/decisions.md, "Exposure gate"). The checks
 * run in order and the first that closes the gate names it: the gate settings ({@code file}, {@code api}: the
 * setting's source), market hours ({@code market_hours}), then legitimacy in the {@code legitimacy_stream} view's
 * order ({@code legitimacy:feed_disconnected}, {@code legitimacy:feed_degraded}, {@code legitimacy:low_coverage}).
 */
final class ExposureGate {
    static final String MARKET_HOURS = "market_hours";
    static final String LEGITIMACY = "legitimacy:";
    static final String LOW_COVERAGE = "low_coverage";

    private final GateSettings settings;
    private final FeedHealth feeds;
    private final DecisionConfig cfg;

    ExposureGate(GateSettings settings, FeedHealth feeds, DecisionConfig cfg) {
        this.settings = settings;
        this.feeds = feeds;
        this.cfg = cfg;
    }

    /** The source that closes the gate for the bar ending at the summary's end, or null when the gate is open. */
    String closedBy(Summary s, long barStartMs) {
        GateSetting setting = settings.applying(s.venue(), s.symbol());
        if (setting != null && !setting.open()) return setting.source();
        if (cfg.ruleFor(s.venue()).sessionOf(barStartMs).isEmpty()) return MARKET_HOURS;
        String feed = feeds.problem(s.venue(), s.tsMs());
        if (feed != null) return LEGITIMACY + feed;
        if (s.coverage() < cfg.minCoverage()) return LEGITIMACY + LOW_COVERAGE;
        return null;
    }
}
