package dev.ticktape.topology.greeks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QuietCommitTest {
    private final QuietCommit quiet = new QuietCommit();

    @Test
    void nothingForwardedNeverAsks() {
        assertThat(quiet.due()).isFalse();
        assertThat(quiet.due()).isFalse();
    }

    @Test
    void asksOnceAtTheFirstCheckWithoutRecordsAfterABurst() {
        quiet.forwarded();
        quiet.forwarded();
        assertThat(quiet.due())
                .as("records since the previous check: the burst goes on")
                .isFalse();
        assertThat(quiet.due()).as("a whole check period quiet").isTrue();
        assertThat(quiet.due()).as("already asked").isFalse();
    }

    @Test
    void steadyInputNeverAsks() {
        for (int i = 0; i < 100; i++) {
            quiet.forwarded();
            assertThat(quiet.due()).isFalse();
        }
    }

    @Test
    void eachBurstGetsItsOwnRequest() {
        quiet.forwarded();
        assertThat(quiet.due()).isFalse();
        assertThat(quiet.due()).isTrue();
        quiet.forwarded();
        assertThat(quiet.due()).isFalse();
        assertThat(quiet.due()).isTrue();
    }
}
