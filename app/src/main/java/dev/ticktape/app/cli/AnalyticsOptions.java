package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** Summaries and intraday features: what the analytics application computes from the bars (docs/analytics.md). */
public final class AnalyticsOptions {
    @Option(
            names = "--summaries",
            defaultValue = "${env:TICKTAPE_SUMMARIES:-false}",
            description = "Compute rolling summaries of each instrument's 1s closes to md.summaries and "
                    + "quotient_summaries (on with --demo; default ${DEFAULT-VALUE}).")
    boolean summaries;

    @Option(
            names = "--summary-windows",
            paramLabel = "DURATION[,DURATION...]",
            split = ",",
            converter = DurationConverter.class,
            defaultValue = "${env:TICKTAPE_SUMMARY_WINDOWS:-60s}",
            description = "Summary window lengths, whole seconds, sliding by 1 s (default ${DEFAULT-VALUE}).")
    List<Duration> summaryWindows;

    @Option(
            names = "--features",
            defaultValue = "${env:TICKTAPE_FEATURES:-false}",
            description = "Compute the seven intraday features per bar to md.features and intraday_features "
                    + "(on with --demo; default ${DEFAULT-VALUE}).")
    boolean features;

    @Option(
            names = "--feature-intervals",
            paramLabel = "1m|1s[,...]",
            split = ",",
            defaultValue = "${env:TICKTAPE_FEATURE_INTERVALS:-1m}",
            description = "Bars the features are computed on (default ${DEFAULT-VALUE}).")
    List<String> featureIntervals;

    @Option(
            names = "--feature-sessions",
            paramLabel = "VENUE=utc|us-equity[,...]",
            defaultValue = "${env:TICKTAPE_FEATURE_SESSIONS:-}",
            description = "Where a venue's session starts, overriding the defaults (polygon, tastytrade, ibkr: "
                    + "us-equity; every other venue: utc).")
    String featureSessions;

    /**
     * What the analytics application computes; null when nothing is on.
     *
     * @param horizon the bar topology's allowed lateness: how far back a bar can still change
     * @param demo    whether this is a demo run, where both are on
     */
    PlatformSpec.AnalyticsSpec spec(Duration horizon, boolean demo) {
        SummaryConfig s = summaries || demo
                ? new SummaryConfig(summaryWindows.stream().sorted().toList(), horizon)
                : null;
        FeatureConfig f = null;
        if (features || demo) {
            Set<BarInterval> intervals = EnumSet.noneOf(BarInterval.class);
            for (String label : featureIntervals) intervals.add(BarInterval.ofLabel(label.trim()));
            f = FeatureConfig.defaults()
                    .withIntervals(intervals)
                    .withSessions(
                            featureSessions == null || featureSessions.isBlank()
                                    ? Map.of()
                                    : FeatureConfig.parseSessions(featureSessions))
                    .withHorizon(horizon);
        }
        return s == null && f == null ? null : new PlatformSpec.AnalyticsSpec(s, f);
    }
}
