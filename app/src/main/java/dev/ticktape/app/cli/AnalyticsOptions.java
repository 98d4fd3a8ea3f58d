package dev.ticktape.app.cli;

import dev.ticktape.app.decisions.DecisionOutputs;
import dev.ticktape.app.decisions.DecisionSinkSpec;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.decisions.DecisionConfig;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.features.SessionRule;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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

    @Option(
            names = "--emit-decisions",
            defaultValue = "${env:TICKTAPE_EMIT_DECISIONS:-false}",
            description = "Derive one decision per instrument and completed 1s bar from the summaries (implies "
                    + "--summaries) to md.decisions, stream_state and stream_actions (docs/decisions.md; default "
                    + "${DEFAULT-VALUE}).")
    boolean emitDecisions;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            defaultValue = "${env:TICKTAPE_RUN_ID}",
            description = "The decisions' run id; a replay with the same input and run id emits byte-identical "
                    + "decisions (default: a new random id per start).")
    String runId;

    @Option(
            names = "--decision-enter-bps",
            paramLabel = "BPS",
            defaultValue = "2.0",
            description = "Window trend (bps) that enters a long or short state (default ${DEFAULT-VALUE}).")
    double enterBps;

    @Option(
            names = "--decision-exit-bps",
            paramLabel = "BPS",
            defaultValue = "1.0",
            description = "Trend (bps) below which a state falls back to flat: the hysteresis band (default "
                    + "${DEFAULT-VALUE}).")
    double exitBps;

    @Option(
            names = "--decision-fee-rate",
            paramLabel = "RATE",
            defaultValue = "0.0005",
            description = "Fee rate of the cost estimate (default ${DEFAULT-VALUE}).")
    double feeRate;

    @Option(
            names = "--decision-slippage",
            paramLabel = "RATE",
            defaultValue = "0.0003",
            description = "Slippage rate of the cost estimate (default ${DEFAULT-VALUE}).")
    double slippage;

    @Option(
            names = "--decision-edge-bps",
            paramLabel = "BPS",
            defaultValue = "0.0",
            description = "Minimum edge (bps) a change must show over its estimated cost; 0 turns it off (default "
                    + "${DEFAULT-VALUE}).")
    double edgeBps;

    @Option(
            names = "--decision-cost-budget",
            paramLabel = "NOTIONAL",
            defaultValue = "0.0",
            description = "Estimated cost allowed per window before changes are held; 0 turns it off (default "
                    + "${DEFAULT-VALUE}).")
    double costBudget;

    @Option(
            names = "--decision-cost-window",
            paramLabel = "SECONDS",
            defaultValue = "60",
            converter = SecondsConverter.class,
            description = "Rolling window of the cost budget, in seconds or as a duration (default ${DEFAULT-VALUE}).")
    Duration costWindow;

    @Option(
            names = "--gate-file",
            paramLabel = "FILE",
            defaultValue = "${env:TICKTAPE_GATE_FILE}",
            description = "JSON exposure gate, re-read when it changes: {\"open\": false, \"reason\": \"...\"} "
                    + "and/or {\"scopes\": {\"binance\": {\"open\": false}}}.")
    Path gateFile;

    @Option(
            names = "--decision-sink",
            paramLabel = "file:PATH|tcp://HOST:PORT",
            description = "Where decisions also go, as NDJSON; repeatable: file:data/decisions.ndjson (append-only), "
                    + "tcp://127.0.0.1:9200 (this process listens; every subscriber gets them).")
    List<String> decisionSinks = new ArrayList<>();

    @Option(names = "--decision-stdout", description = "Also write decisions to standard output as NDJSON.")
    boolean decisionStdout;

    /**
     * What the analytics application computes; null when nothing is on.
     *
     * @param horizon       the bar topology's allowed lateness: how far back a bar can still change
     * @param demo          whether this is a demo run, where summaries and features are on
     * @param applicationId the bar application's id, prefix of the decision sinks' consumer groups
     */
    PlatformSpec.AnalyticsSpec spec(Duration horizon, boolean demo, String applicationId) {
        if (!emitDecisions && (!decisionSinks.isEmpty() || decisionStdout || gateFile != null)) {
            throw new IllegalArgumentException(
                    "--decision-sink, --decision-stdout and --gate-file need --emit-decisions");
        }
        SummaryConfig s = summaries || demo || emitDecisions
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
        if (s == null && f == null) return null;
        if (!emitDecisions) return new PlatformSpec.AnalyticsSpec(s, f);
        String run = runId == null || runId.isBlank() ? UUID.randomUUID().toString() : runId;
        Map<String, SessionRule> sessions = f != null
                ? f.sessions()
                : FeatureConfig.defaults()
                        .withSessions(
                                featureSessions == null || featureSessions.isBlank()
                                        ? Map.of()
                                        : FeatureConfig.parseSessions(featureSessions))
                        .sessions();
        DecisionConfig d = DecisionConfig.defaults(run, s.windows().get(0).toMillis())
                .withThresholds(enterBps, exitBps)
                .withCostGate(edgeBps, costBudget, costWindow)
                .withSessions(sessions);
        d = new DecisionConfig(
                d.runId(),
                d.windowMs(),
                d.enterBps(),
                d.exitBps(),
                feeRate,
                slippage,
                d.edgeBps(),
                d.costBudget(),
                d.costWindow(),
                d.minCoverage(),
                d.statusWindow(),
                d.sessions());
        List<DecisionSinkSpec> sinks = new ArrayList<>();
        for (String spec : decisionSinks) sinks.add(DecisionSinkSpec.parse(spec));
        return new PlatformSpec.AnalyticsSpec(
                s, f, d, new DecisionOutputs.Spec(sinks, decisionStdout, gateFile, applicationId));
    }

    /** The cost window as the original flag took it, in seconds, or as a duration ({@code 90s}, {@code 2m}). */
    static final class SecondsConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            if (v.chars().allMatch(Character::isDigit)) return Duration.ofSeconds(Long.parseLong(v));
            return new DurationConverter().convert(v);
        }
    }
}
