package dev.ticktape.topology.greeks;

import static dev.ticktape.topology.greeks.GreeksHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Greeks;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GreeksConflationTest {
    private static final long TS = T0 - 10_000;
    private final GreeksHarness h =
            new GreeksHarness(new GreeksConfig(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(100)));

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void forwardsFirstOfBurstAndFlushesNewestAfterInterval() {
        for (int i = 0; i < 10; i++) h.send("tastytrade", TS + i * 50L, 0.50 + i / 100.0);

        assertThat(h.drainAccepted()).extracting(Greeks::tsMs).containsExactly(TS);
        assertThat(h.stored("tastytrade").tsMs()).isEqualTo(TS + 450);

        h.advanceWallClock(Duration.ofMillis(500));
        assertThat(h.accepted.isEmpty()).isTrue();

        h.advanceWallClock(Duration.ofMillis(600));
        assertThat(h.drainAccepted()).singleElement().satisfies(g -> {
            assertThat(g.tsMs()).isEqualTo(TS + 450);
            assertThat(g.delta()).isEqualTo(0.59);
        });
        // Every snapshot is accounted for: 2 forwarded, 8 replaced while held back.
        assertThat(h.counter("ticktape.greeks.forwarded")).isEqualTo(2);
        assertThat(h.counter("ticktape.greeks.conflated")).isEqualTo(8);

        h.advanceWallClock(Duration.ofSeconds(5));
        assertThat(h.accepted.isEmpty()).isTrue();
    }

    @Test
    void forwardsAtOnceWhenEventTimeIntervalHasPassed() {
        h.send("tastytrade", TS, 0.50);
        h.send("tastytrade", TS + 300, 0.51);
        h.send("tastytrade", TS + 1_000, 0.52);

        assertThat(h.drainAccepted()).extracting(Greeks::tsMs).containsExactly(TS, TS + 1_000);
        assertThat(h.counter("ticktape.greeks.conflated")).isEqualTo(1);
        h.advanceWallClock(Duration.ofSeconds(2));
        assertThat(h.accepted.isEmpty()).isTrue();
    }

    @Test
    void conflatesEachContractOnItsOwn() {
        h.send("tastytrade", TS, 0.50);
        h.send("ibkr", TS + 10, 0.40);
        h.send("ibkr", TS + 20, 0.41);

        assertThat(h.drainAccepted()).extracting(Greeks::venue).containsExactly("tastytrade", "ibkr");
        h.advanceWallClock(Duration.ofMillis(1_100));
        assertThat(h.drainAccepted()).singleElement().satisfies(g -> {
            assertThat(g.venue()).isEqualTo("ibkr");
            assertThat(g.delta()).isEqualTo(0.41);
        });
    }
}
