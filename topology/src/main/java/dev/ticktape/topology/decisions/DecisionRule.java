package dev.ticktape.topology.decisions;

import dev.ticktape.model.Decision;
import dev.ticktape.model.Summary;

/**
 * Turns one summary, the instrument's previous decision and the gates' verdicts into the decision's intent fields
 * (docs/decisions.md, "Intent"). Pure: the same inputs give the same decision, which is what makes a replay
 * byte-identical.
 */
final class DecisionRule {
    static final String NO_CHANGE = "no_change";
    static final String GATE_CLOSED = "gate_closed:";

    private final DecisionConfig cfg;
    private final Hysteresis hysteresis;
    private final CostGate costs;

    DecisionRule(DecisionConfig cfg) {
        this.cfg = cfg;
        this.hysteresis = new Hysteresis(cfg.enterBps(), cfg.exitBps());
        this.costs = new CostGate(cfg);
    }

    CostGate costGate() {
        return costs;
    }

    /** {@code slope_norm × window seconds × 10,000}, null without a slope. */
    Double trendBps(Summary s) {
        return s.slopeNorm() == null ? null : s.slopeNorm() * cfg.windowSeconds() * 10_000;
    }

    /**
     * @param prev       the instrument's previous decision ({@link InstrumentState#FIRST} before the first)
     * @param closedBy   what closes the exposure gate, null when it is open
     * @param windowCost the costs of the changes made in the budget's window (0 when the budget is off)
     */
    Decision decide(Summary s, InstrumentState prev, String closedBy, double windowCost) {
        Double trend = trendBps(s);
        int state = hysteresis.next(prev.state(), trend);
        int from = prev.target();
        boolean asked = state != from;
        String reason;
        int target = from;
        if (closedBy != null) {
            reason = GATE_CLOSED + closedBy;
        } else if (!asked) {
            reason = NO_CHANGE;
        } else {
            String held = costs.holds(from, state, trend, s.lastClose(), windowCost);
            if (held == null) target = state;
            reason = held == null ? change(from, state) : held;
        }
        boolean hold = asked && target == from;
        Decision.Posture posture = closedBy == null ? Decision.Posture.ACTIVE : Decision.Posture.OBSERVE;
        double urgency = trend == null ? 0 : Math.min(1, Math.abs(trend) / (4 * cfg.enterBps()));
        return new Decision(
                s.venue(),
                s.symbol(),
                s.tsMs() - 1_000, // the bar's start: the summary ends at the bar's end
                s.tsMs(), // not the wall clock, so a replay is byte-identical
                cfg.runId(),
                s.lastClose(),
                state,
                Decision.directionOf(target),
                target,
                target - from,
                urgency,
                hold,
                hold || posture == Decision.Posture.OBSERVE ? 0 : s.coverage(),
                reason,
                closedBy == null,
                posture,
                costs.cost(from, target, s.lastClose()),
                "live:" + s.symbol());
    }

    /** The reason of a change made from {@code from} to {@code to} (they differ). */
    static String change(int from, int to) {
        if (to == 0) return "exit";
        if (from == 0) return to > 0 ? "enter_long" : "enter_short";
        return to > 0 ? "reverse_long" : "reverse_short";
    }
}
