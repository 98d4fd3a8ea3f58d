package dev.ticktape.topology.decisions;

import static dev.ticktape.topology.decisions.DecisionHarness.RUN;
import static dev.ticktape.topology.decisions.DecisionHarness.S;
import static dev.ticktape.topology.decisions.DecisionHarness.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Decision;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cost gate. Close 100 and the default fee 0.0005 + slippage 0.0003 = 0.0008: one unit of exposure change
 * costs 0.08, a reversal (two units) 0.16, and the cost floor of the edge is 0.0008 × 10,000 = 8 bps. Trends:
 * {@code slope_norm × 600,000} bps.
 */
class DecisionCostGateTest {
    private static final double EPS = 1e-9;
    private static final double UP = 5e-6; // 3 bps
    private static final double DOWN = -5e-6; // -3 bps
    private static final double SMALL_UP = 1e-6; // 0.6 bps

    private DecisionHarness h;

    @AfterEach
    void close() {
        h.close();
    }

    private void start(double edgeBps, double budget, Duration window) {
        h = new DecisionHarness(DecisionConfig.defaults(RUN, WINDOW).withCostGate(edgeBps, budget, window));
    }

    /** The decision for the bar starting at {@code ts} (its summary ends 1 s later). */
    private Decision decide(long ts, double slopeNorm) {
        h.summary(ts + 1_000, slopeNorm);
        return h.one();
    }

    @Test
    void overBudgetTheChangeIsHeldAndAReductionIsStillMade() {
        start(0, 0.1, Duration.ofSeconds(60));

        Decision enter = decide(S, UP); // window sum 0 + 0.08 <= 0.1
        assertThat(enter.reason()).isEqualTo("enter_long");
        assertThat(enter.cost()).isCloseTo(0.08, within(EPS));

        // -3 bps: state -1, a reversal of cost 0.16; 0.08 + 0.16 = 0.24 > 0.1
        Decision held = decide(S + 1_000, DOWN);
        assertThat(held.state()).isEqualTo(-1);
        assertThat(held.reason()).isEqualTo("cost_budget");
        assertThat(held.hold()).isTrue();
        assertThat(held.targetExposure()).isEqualTo(1.0); // the previous target
        assertThat(held.deltaExposure()).isZero();
        assertThat(held.cost()).isZero(); // a held decision costs nothing
        assertThat(held.actionability()).isZero();
        assertThat(held.posture()).isEqualTo(Decision.Posture.ACTIVE); // the exposure gate is open
        assertThat(held.gateOpen()).isTrue();
        assertThat(h.counter(DecisionMetrics.HELD, "reason", "cost_budget")).isEqualTo(1);

        // 0.6 bps from state -1: -1 <= 0.6 < 2, state 0. Target +1 -> 0 reduces |exposure|: made although
        // 0.08 + 0.08 = 0.16 is over the budget.
        Decision exit = decide(S + 2_000, SMALL_UP);
        assertThat(exit.reason()).isEqualTo("exit");
        assertThat(exit.hold()).isFalse();
        assertThat(exit.deltaExposure()).isEqualTo(-1.0);
        assertThat(exit.cost()).isCloseTo(0.08, within(EPS));

        // The exit's cost counts too: 0.08 + 0.08 + 0.08 = 0.24 > 0.1, so entering again is held.
        assertThat(decide(S + 3_000, UP).reason()).isEqualTo("cost_budget");
    }

    @Test
    void theBudgetWindowRollsWithBarTime() {
        start(0, 0.2, Duration.ofSeconds(60));

        assertThat(decide(S, UP).reason()).isEqualTo("enter_long"); // 0.08 at bar time S
        // Reversals cost 0.16: 0.08 + 0.16 = 0.24 > 0.2 while the entry at S is in (ts - 60 s, ts].
        assertThat(decide(S + 1_000, DOWN).reason()).isEqualTo("cost_budget");
        assertThat(decide(S + 59_000, DOWN).reason()).isEqualTo("cost_budget"); // (S - 1 s, S + 59 s] holds S
        // (S, S + 60 s]: a cost exactly one window old no longer counts; 0 + 0.16 <= 0.2
        Decision reversed = decide(S + 60_000, DOWN);
        assertThat(reversed.reason()).isEqualTo("reverse_short");
        assertThat(reversed.deltaExposure()).isEqualTo(-2.0);
        assertThat(reversed.cost()).isCloseTo(0.16, within(EPS));
        // And now that reversal fills the window: 0.16 + 0.16 = 0.32 > 0.2
        assertThat(decide(S + 61_000, UP).reason()).isEqualTo("cost_budget");
    }

    @Test
    void anEdgeBelowTheCostOfTheChangeHoldsIt() {
        start(5, 0, Duration.ofSeconds(60)); // edge floor max(5, 8) = 8 bps

        // 6 bps (1e-5 × 600,000) is above the 5 bps flag but below the 8 bps cost
        Decision held = decide(S, 1e-5);
        assertThat(held.state()).isEqualTo(1);
        assertThat(held.reason()).isEqualTo("edge_below_cost");
        assertThat(held.hold()).isTrue();
        assertThat(held.targetExposure()).isZero();
        assertThat(h.counter(DecisionMetrics.HELD, "reason", "edge_below_cost")).isEqualTo(1);

        // 12 bps (2e-5 × 600,000) >= 8: the change held last bar is made now
        Decision enter = decide(S + 1_000, 2e-5);
        assertThat(enter.reason()).isEqualTo("enter_long");
        assertThat(enter.deltaExposure()).isEqualTo(1.0);

        // A reduction needs no edge: 0.6 bps exits
        assertThat(decide(S + 2_000, SMALL_UP).reason()).isEqualTo("exit");
    }

    @Test
    void theEdgeFlagRaisesTheFloorAboveTheCost() {
        start(10, 0, Duration.ofSeconds(60)); // floor max(10, 8) = 10 bps

        assertThat(decide(S, 1.5e-5).reason()).isEqualTo("edge_below_cost"); // 9 bps: above the cost, below the flag
        assertThat(decide(S + 1_000, 2e-5).reason()).isEqualTo("enter_long"); // 12 bps
    }

    @Test
    void aReversalIsNotAReduction() {
        start(0, 0.1, Duration.ofSeconds(60));

        assertThat(decide(S, DOWN).reason()).isEqualTo("enter_short"); // 0.08
        assertThat(decide(S + 1_000, UP).reason()).isEqualTo("cost_budget"); // -1 -> +1: 0.08 + 0.16 > 0.1
    }

    @Test
    void withBothOffEveryChangeIsMade() {
        start(0, 0, Duration.ofSeconds(60));

        for (int i = 0; i < 6; i++) {
            Decision d = decide(S + i * 1_000L, i % 2 == 0 ? UP : DOWN);
            assertThat(d.hold()).isFalse();
            assertThat(d.reason()).isEqualTo(i == 0 ? "enter_long" : i % 2 == 0 ? "reverse_long" : "reverse_short");
        }
    }
}
