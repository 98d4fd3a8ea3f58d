package dev.ticktape.topology.decisions;

import static dev.ticktape.topology.decisions.DecisionHarness.S;
import static dev.ticktape.topology.decisions.DecisionHarness.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Decision;
import dev.ticktape.model.Status;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exposure gate: settings on {@code md.decisions.gate}, market hours and legitimacy. Trends are
 * {@code slope_norm × 600,000} bps: 5e-6 is 3 bps (enter), 1e-6 is 0.6 bps (exit from +1).
 */
class DecisionExposureGateTest {
    private static final double UP = 5e-6;
    private static final double SMALL_UP = 1e-6;
    private static final long END = S + 1_000;

    private final DecisionHarness h = new DecisionHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private Decision decide(long end, double slopeNorm) {
        h.summary(end, slopeNorm);
        return h.one();
    }

    private Decision decide(String venue, String symbol, long end, int bars) {
        h.summary(DecisionHarness.summary(venue, symbol, end, WINDOW, bars, 100, UP));
        return h.one();
    }

    @Test
    void aClosedGlobalGateObservesAndHoldsTheTarget() {
        h.gate("*", false, "file");

        Decision held = decide(END, UP);
        assertThat(held.state()).isEqualTo(1); // the state machine runs on
        assertThat(held.targetExposure()).isZero(); // held at the previous target: 0 for the first decision
        assertThat(held.deltaExposure()).isZero();
        assertThat(held.hold()).isTrue();
        assertThat(held.reason()).isEqualTo("gate_closed:file");
        assertThat(held.posture()).isEqualTo(Decision.Posture.OBSERVE);
        assertThat(held.gateOpen()).isFalse();
        assertThat(held.actionability()).isZero();
        assertThat(held.cost()).isZero();
        assertThat(held.direction()).isEqualTo("flat");
        assertThat(h.counter(DecisionMetrics.EMITTED, "posture", "OBSERVE")).isEqualTo(1);
        assertThat(h.counter(DecisionMetrics.HELD, "reason", "gate_closed:file"))
                .isEqualTo(1);

        // Reopened through the API: the state is +1 already, so a 1.5 bps bar (inside the band, kept) enters now.
        h.gate("*", true, "api");
        Decision enter = decide(END + 1_000, 2.5e-6);
        assertThat(enter.state()).isEqualTo(1);
        assertThat(enter.reason()).isEqualTo("enter_long");
        assertThat(enter.posture()).isEqualTo(Decision.Posture.ACTIVE);

        // Closed again while long: the exit the state asks for (0.6 <= 1) is held too, the target stays +1.
        h.gate("*", false, "api");
        Decision stuck = decide(END + 2_000, SMALL_UP);
        assertThat(stuck.state()).isZero();
        assertThat(stuck.targetExposure()).isEqualTo(1.0);
        assertThat(stuck.hold()).isTrue();
        assertThat(stuck.reason()).isEqualTo("gate_closed:api");

        // Reopened: the state is still 0 (0.6 bps from 0), so the held exit is made now.
        h.gate("*", true, "api");
        Decision exit = decide(END + 3_000, SMALL_UP);
        assertThat(exit.reason()).isEqualTo("exit");
        assertThat(exit.deltaExposure()).isEqualTo(-1.0);
    }

    @Test
    void aClosedGateWithNothingAskedIsNotAHold() {
        h.gate("*", false, "file");

        Decision d = decide(END, SMALL_UP); // 0.6 bps from 0: stays 0, the target is 0 already
        assertThat(d.hold()).isFalse();
        assertThat(d.reason()).isEqualTo("gate_closed:file"); // the gate comes first in the reasons
        assertThat(d.posture()).isEqualTo(Decision.Posture.OBSERVE);
        assertThat(d.actionability()).isZero();
        assertThat(h.counter(DecisionMetrics.HELD, "reason", "gate_closed:file"))
                .isZero();
    }

    @Test
    void theMostSpecificScopeWins() {
        h.gate("*", false, "api");
        h.gate("BINANCE:btcusdt", true, "file"); // normalised to binance:BTCUSDT

        assertThat(decide("binance", "BTCUSDT", END, 60).reason()).isEqualTo("enter_long");
        assertThat(decide("binance", "ETHUSDT", END, 60).reason()).isEqualTo("gate_closed:api");

        // A venue scope beats *, and loses to venue:SYMBOL.
        h.gate("binance", true, "api");
        assertThat(decide("binance", "ETHUSDT", END + 1_000, 60).reason()).isEqualTo("enter_long");
        assertThat(decide("coinbase", "ETHUSDT", END + 1_000, 60).reason()).isEqualTo("gate_closed:api");
        h.gate("*", true, "api");
        h.gate("binance", false, "file");
        assertThat(decide("binance", "SOLUSDT", END + 2_000, 60).reason()).isEqualTo("gate_closed:file");
        assertThat(decide("binance", "BTCUSDT", END + 2_000, 60).reason()).isEqualTo("no_change");
    }

    @Test
    void invalidGateRecordsAreSkippedAndCountedAndATombstoneClears() {
        h.gate("*", false, "file");
        h.gateRecord("*", "not json");
        h.gateRecord("*", "{\"open\":\"no\"}"); // open must be a boolean
        h.gateRecord("no such venue!", "{\"open\":true}");
        assertThat(h.counter(DecisionMetrics.GATE_INVALID)).isEqualTo(3);

        assertThat(decide(END, UP).reason()).isEqualTo("gate_closed:file"); // the last valid setting stands

        h.gateRecord("*", null);
        assertThat(decide(END + 1_000, UP).reason()).isEqualTo("enter_long");
    }

    @Test
    void usEquityVenuesAreClosedOutsideTheRegularSession() {
        // 2026-03-09, a Monday in EDT: 09:29 ET = 13:29Z (pre-market), 09:31 ET = 13:31Z.
        long preMarket = Instant.parse("2026-03-09T13:29:00Z").toEpochMilli();
        long open = Instant.parse("2026-03-09T13:31:00Z").toEpochMilli();

        Decision before = decide("polygon", "AAPL", preMarket + 1_000, 60); // bar starts 09:29:00
        assertThat(before.reason()).isEqualTo("gate_closed:market_hours");
        assertThat(before.posture()).isEqualTo(Decision.Posture.OBSERVE);
        assertThat(before.targetExposure()).isZero();

        Decision during = decide("polygon", "AAPL", open + 1_000, 60); // bar starts 09:31:00
        assertThat(during.reason()).isEqualTo("enter_long");
        assertThat(during.posture()).isEqualTo(Decision.Posture.ACTIVE);

        // A UTC venue never closes for market hours.
        assertThat(decide("binance", "BTCUSDT", preMarket + 1_000, 60).reason()).isEqualTo("enter_long");
    }

    @Test
    void aSettingComesBeforeMarketHours() {
        h.gate("polygon", false, "api");
        long preMarket = Instant.parse("2026-03-09T13:29:00Z").toEpochMilli();

        assertThat(decide("polygon", "AAPL", preMarket + 1_000, 60).reason()).isEqualTo("gate_closed:api");
    }

    @Test
    void lowCoverageClosesTheGate() {
        // 29 / 60 = 0.483 < 0.5
        Decision low = decide("binance", "BTCUSDT", END, 29);
        assertThat(low.reason()).isEqualTo("gate_closed:legitimacy:low_coverage");
        assertThat(low.hold()).isTrue();
        assertThat(low.actionability()).isZero();

        // 30 / 60 = 0.5 is not below 0.5: open, and actionability is the coverage
        Decision enough = decide("binance", "BTCUSDT", END + 1_000, 30);
        assertThat(enough.reason()).isEqualTo("enter_long");
        assertThat(enough.actionability()).isEqualTo(0.5);
    }

    @Test
    void aDisconnectedFeedWithin120sClosesTheGateAndAnOlderOneDoesNot() {
        h.status("binance", "WS1", END - 120_000, Status.State.DISCONNECTED); // exactly 120 s old: no longer counts
        assertThat(decide(END, UP).reason()).isEqualTo("enter_long");

        h.status("binance", "WS1", END + 1_000 - 119_999, Status.State.DISCONNECTED); // 119.999 s before the end
        Decision closed = decide(END + 1_000, SMALL_UP);
        assertThat(closed.reason()).isEqualTo("gate_closed:legitimacy:feed_disconnected");
        assertThat(closed.targetExposure()).isEqualTo(1.0); // the exit is held
        assertThat(closed.hold()).isTrue();

        // Another venue's feed does not matter.
        assertThat(decide("coinbase", "BTCUSDT", END + 1_000, 60).reason()).isEqualTo("enter_long");
    }

    @Test
    void theLatestStatusAtOrBeforeTheEndCountsAndLaterOnesDoNot() {
        h.status("binance", "WS1", END - 10_000, Status.State.DISCONNECTED);
        h.status("binance", "WS1", END + 5_000, Status.State.CONNECTED); // after the bar's end: not yet known then
        assertThat(decide(END, UP).reason()).isEqualTo("gate_closed:legitimacy:feed_disconnected");

        h.status("binance", "WS1", END + 500, Status.State.CONNECTED); // reconnected before the next end
        assertThat(decide(END + 1_000, UP).reason()).isEqualTo("enter_long");
    }

    @Test
    void disconnectedBeatsDegradedAcrossConnectionsAndFeedComesBeforeCoverage() {
        h.status("binance", "WS1", END - 5_000, Status.State.DEGRADED);
        h.status("binance", "WS2", END - 5_000, Status.State.CONNECTED);
        assertThat(decide("binance", "BTCUSDT", END, 10).reason())
                .isEqualTo("gate_closed:legitimacy:feed_degraded"); // coverage 10 / 60 is low too

        h.status("binance", "WS2", END - 1_000, Status.State.DISCONNECTED);
        assertThat(decide("binance", "BTCUSDT", END + 1_000, 60).reason())
                .isEqualTo("gate_closed:legitimacy:feed_disconnected");

        h.status("binance", "WS1", END + 1_500, Status.State.CONNECTED);
        h.status("binance", "WS2", END + 1_500, Status.State.CONNECTED);
        assertThat(decide("binance", "BTCUSDT", END + 2_000, 60).reason()).isEqualTo("enter_long");
    }

    @Test
    void invalidStatusRecordsAreSkippedAndCounted() {
        h.rawStatus("binance:WS1", "{\"type\":\"status\",\"venue\":\"binance\"}");
        h.rawStatus("binance:WS1", null);
        assertThat(h.counter(DecisionMetrics.STATUS_INVALID)).isEqualTo(2);

        assertThat(h.drain()).isEmpty();
        assertThat(decide(END, UP).reason()).isEqualTo("enter_long");
    }
}
