package dev.ticktape.topology.decisions;

/**
 * The triadic state machine of docs/decisions.md: -1, 0, +1 with a dead band between the exit and the entry
 * threshold, so one noisy bar inside it does not flip the state. Pure.
 */
final class Hysteresis {
    private final double enter;
    private final double exit;

    Hysteresis(double enterBps, double exitBps) {
        this.enter = enterBps;
        this.exit = exitBps;
    }

    /** The state after {@code previous} given the window's trend; a null trend (one bar, no slope) keeps it. */
    int next(int previous, Double trendBps) {
        if (trendBps == null) return previous;
        double t = trendBps;
        return switch (previous) {
            case 1 -> t <= -enter ? -1 : t > exit ? 1 : 0;
            case -1 -> t >= enter ? 1 : t < -exit ? -1 : 0;
            default -> t >= enter ? 1 : t <= -enter ? -1 : 0;
        };
    }
}
