package dev.ticktape.topology.decisions;

import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.features.SessionRule;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the decision processor (docs/decisions.md).
 *
 * @param runId        {@code run_id} of every decision; a replay with the same run id is byte-identical
 * @param windowMs     the summary window decided on: the shortest configured summary window; summaries of other
 *                     windows are ignored
 * @param enterBps     {@code --decision-enter-bps}: the trend that enters a state, &gt; 0
 * @param exitBps      {@code --decision-exit-bps}: the trend a state is kept beyond, in {@code [0, enterBps]}
 * @param feeRate      {@code --decision-fee-rate}, a fraction of notional, &ge; 0
 * @param slippage     {@code --decision-slippage}, a fraction of notional, &ge; 0
 * @param edgeBps      {@code --decision-edge-bps}, &ge; 0; 0 turns the edge check off
 * @param costBudget   {@code --decision-cost-budget}, &ge; 0; 0 turns the budget off
 * @param costWindow   {@code --decision-cost-window}: the span of bar time the budget covers, &gt; 0
 * @param minCoverage  the legitimacy rule's coverage floor, in {@code [0, 1]}
 * @param statusWindow how far before a bar's end a feed status still counts, &gt; 0
 * @param sessions     venue to session rule for market hours; a venue not listed gets {@link SessionRule#UTC}
 *                     (never closed)
 */
public record DecisionConfig(
        String runId,
        long windowMs,
        double enterBps,
        double exitBps,
        double feeRate,
        double slippage,
        double edgeBps,
        double costBudget,
        Duration costWindow,
        double minCoverage,
        Duration statusWindow,
        Map<String, SessionRule> sessions) {
    public static final double DEFAULT_ENTER_BPS = 2.0;
    public static final double DEFAULT_EXIT_BPS = 1.0;
    public static final double DEFAULT_FEE_RATE = 0.0005;
    public static final double DEFAULT_SLIPPAGE = 0.0003;
    public static final Duration DEFAULT_COST_WINDOW = Duration.ofSeconds(60);
    public static final double DEFAULT_MIN_COVERAGE = 0.5;
    public static final Duration DEFAULT_STATUS_WINDOW = Duration.ofSeconds(120);

    public DecisionConfig {
        if (runId == null || runId.isBlank()) throw new IllegalArgumentException("decision run id must not be blank");
        if (windowMs < 1_000 || windowMs % 1_000 != 0) {
            throw new IllegalArgumentException(
                    "decision window must be a whole number of seconds >= 1s, got " + windowMs + " ms");
        }
        if (!(enterBps > 0) || Double.isInfinite(enterBps)) {
            throw new IllegalArgumentException(
                    "decision enter threshold must be a finite number > 0 bps, got " + enterBps);
        }
        if (!(exitBps >= 0 && exitBps <= enterBps)) {
            throw new IllegalArgumentException("decision exit threshold must be >= 0 and <= the enter threshold ("
                    + enterBps + " bps), got " + exitBps);
        }
        nonNegative("decision fee rate", feeRate);
        nonNegative("decision slippage", slippage);
        nonNegative("decision edge (bps)", edgeBps);
        nonNegative("decision cost budget", costBudget);
        positive("decision cost window", costWindow);
        if (!(minCoverage >= 0 && minCoverage <= 1)) {
            throw new IllegalArgumentException("decision minimum coverage must be in [0, 1], got " + minCoverage);
        }
        positive("decision status window", statusWindow);
        if (sessions == null) throw new IllegalArgumentException("decision session rules must not be null");
        sessions = Map.copyOf(sessions);
    }

    /** The documented defaults, with the sessions of {@link FeatureConfig#DEFAULT_SESSIONS}. */
    public static DecisionConfig defaults(String runId, long windowMs) {
        return new DecisionConfig(
                runId,
                windowMs,
                DEFAULT_ENTER_BPS,
                DEFAULT_EXIT_BPS,
                DEFAULT_FEE_RATE,
                DEFAULT_SLIPPAGE,
                0.0,
                0.0,
                DEFAULT_COST_WINDOW,
                DEFAULT_MIN_COVERAGE,
                DEFAULT_STATUS_WINDOW,
                FeatureConfig.DEFAULT_SESSIONS);
    }

    public DecisionConfig withThresholds(double enter, double exit) {
        return new DecisionConfig(
                runId,
                windowMs,
                enter,
                exit,
                feeRate,
                slippage,
                edgeBps,
                costBudget,
                costWindow,
                minCoverage,
                statusWindow,
                sessions);
    }

    public DecisionConfig withCostGate(double edge, double budget, Duration window) {
        return new DecisionConfig(
                runId,
                windowMs,
                enterBps,
                exitBps,
                feeRate,
                slippage,
                edge,
                budget,
                window,
                minCoverage,
                statusWindow,
                sessions);
    }

    public DecisionConfig withSessions(Map<String, SessionRule> rules) {
        return new DecisionConfig(
                runId,
                windowMs,
                enterBps,
                exitBps,
                feeRate,
                slippage,
                edgeBps,
                costBudget,
                costWindow,
                minCoverage,
                statusWindow,
                rules);
    }

    /** The session rule of {@code venue}: the configured one, else {@link SessionRule#UTC}. */
    public SessionRule ruleFor(String venue) {
        return sessions.getOrDefault(venue, SessionRule.UTC);
    }

    /** {@code fee_rate + slippage}: the cost of one unit of exposure change, as a fraction of the close. */
    public double costRate() {
        return feeRate + slippage;
    }

    /** The window in whole seconds: {@code trend_bps = slope_norm × seconds × 10,000}. */
    public long windowSeconds() {
        return windowMs / 1_000;
    }

    private static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + v);
        }
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
    }
}
