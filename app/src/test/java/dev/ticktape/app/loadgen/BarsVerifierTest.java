package dev.ticktape.app.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failed comparison names its likely cause with the count and the flag that controls it. */
class BarsVerifierTest {
    @Test
    void namesLateTradesWithTheirCountAndFlag() {
        BarsVerifier.Late before = new BarsVerifier.Late(10, 2);
        String why = BarsVerifier.why(new BarsVerifier.Late(6943, 2).minus(before));
        assertThat(why).contains("6933 trades went to md.late").contains("--allowed-lateness");
    }

    @Test
    void saysWhenNothingWentLate() {
        assertThat(BarsVerifier.why(new BarsVerifier.Late(3, 0).minus(new BarsVerifier.Late(3, 0))))
                .contains("no trade or 1s bar went to md.late");
        assertThat(BarsVerifier.why(null)).contains("unknown");
    }
}
