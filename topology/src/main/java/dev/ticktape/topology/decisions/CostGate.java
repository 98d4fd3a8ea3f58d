package dev.ticktape.topology.decisions;

/**
 * The cost gate of docs/decisions.md: whether a change of target exposure may be made. Reductions of absolute
 * exposure always may (never trap risk); a reversal is not one. Otherwise the budget is checked first, then the
 * edge. Pure.
 */
final class CostGate {
    static final String BUDGET = "cost_budget";
    static final String EDGE = "edge_below_cost";

    private final DecisionConfig cfg;
    private final double minEdgeBps;

    CostGate(DecisionConfig cfg) {
        this.cfg = cfg;
        // One unit of exposure costs (fee + slippage) x 10,000 bps: an edge below it cannot pay for the change.
        this.minEdgeBps = Math.max(cfg.edgeBps(), cfg.costRate() * 10_000);
    }

    /** {@code |delta| × close × (fee + slippage)}. */
    double cost(int from, int to, double close) {
        return Math.abs(to - from) * close * cfg.costRate();
    }

    /**
     * Null when the change from {@code from} to {@code to} may be made, else the reason it is held.
     *
     * @param trendBps   the signal, null when the summary has no slope (then it has no edge)
     * @param windowCost the costs of the changes made in the budget's window before this one
     */
    String holds(int from, int to, Double trendBps, double close, double windowCost) {
        if (Math.abs(to) < Math.abs(from)) return null;
        if (cfg.costBudget() > 0 && windowCost + cost(from, to, close) > cfg.costBudget()) return BUDGET;
        double edge = trendBps == null ? 0 : Math.abs(trendBps);
        if (cfg.edgeBps() > 0 && edge < minEdgeBps) return EDGE;
        return null;
    }

    /** Whether the budget is on, i.e. whether the window's costs are needed. */
    boolean budgeted() {
        return cfg.costBudget() > 0;
    }
}
