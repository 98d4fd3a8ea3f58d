package dev.ticktape.topology.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The state table of docs/decisions.md, row by row, at and around both thresholds (enter 2 bps, exit 1 bps). */
class DecisionHysteresisTest {
    private final Hysteresis h = new Hysteresis(2.0, 1.0);

    @Test
    void fromFlatOnlyTheEntryThresholdMoves() {
        assertThat(h.next(0, 2.0)).isEqualTo(1); // trend >= enter
        assertThat(h.next(0, 1.99)).isZero(); // inside the band: stays 0
        assertThat(h.next(0, 0.0)).isZero();
        assertThat(h.next(0, -1.99)).isZero();
        assertThat(h.next(0, -2.0)).isEqualTo(-1); // trend <= -enter
    }

    @Test
    void fromLongTheExitThresholdFlattensAndMinusEnterReverses() {
        assertThat(h.next(1, 5.0)).isEqualTo(1);
        assertThat(h.next(1, 1.5)).isEqualTo(1); // a noisy bar between exit and enter: stays +1
        assertThat(h.next(1, 1.01)).isEqualTo(1); // still > exit
        assertThat(h.next(1, 1.0)).isZero(); // -enter < trend <= exit
        assertThat(h.next(1, -1.99)).isZero();
        assertThat(h.next(1, -2.0)).isEqualTo(-1); // trend <= -enter
    }

    @Test
    void fromShortTheMirrorImage() {
        assertThat(h.next(-1, -5.0)).isEqualTo(-1);
        assertThat(h.next(-1, -1.5)).isEqualTo(-1); // noisy bar inside the band: stays -1
        assertThat(h.next(-1, -1.01)).isEqualTo(-1); // still < -exit
        assertThat(h.next(-1, -1.0)).isZero(); // -exit <= trend < enter
        assertThat(h.next(-1, 1.99)).isZero();
        assertThat(h.next(-1, 2.0)).isEqualTo(1); // trend >= enter
    }

    @Test
    void noSlopeKeepsTheState() {
        assertThat(h.next(1, null)).isEqualTo(1);
        assertThat(h.next(0, null)).isZero();
        assertThat(h.next(-1, null)).isEqualTo(-1);
    }

    @Test
    void equalThresholdsLeaveNoBand() {
        Hysteresis tight = new Hysteresis(2.0, 2.0);
        assertThat(tight.next(1, 2.01)).isEqualTo(1);
        assertThat(tight.next(1, 2.0)).isZero(); // not > exit
        assertThat(tight.next(-1, -2.0)).isZero(); // not < -exit
    }
}
