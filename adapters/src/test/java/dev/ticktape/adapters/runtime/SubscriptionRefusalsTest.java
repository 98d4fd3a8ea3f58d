package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.broker.LogCapture;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SubscriptionRefusalsTest {
    private final InMemoryPublisher published = new InMemoryPublisher();
    private final StatusReporter status = new StatusReporter("ibkr", "GATEWAY", published, Map::of, () -> 1_000L);
    private final SubscriptionRefusals refusals = new SubscriptionRefusals(status);

    private List<Status> statuses() {
        return published.events().stream()
                .filter(Status.class::isInstance)
                .map(Status.class::cast)
                .toList();
    }

    @Test
    void aRefusalDegradesWithTheReasonAndOpensOneGapUntilTheVenueDeliversIt() {
        status.connected("up");
        refusals.refused("265598", 500, List.of("SPY260116C00600000"), "market data availability Z");
        refusals.refused("265598", 600, List.of("SPY260116C00600000"), "market data availability Z"); // every message

        assertThat(status.state()).isEqualTo(Status.State.DEGRADED);
        assertThat(statuses())
                .last()
                .satisfies(s -> assertThat(s.detail())
                        .isEqualTo("subscription refused for SPY260116C00600000: market data availability Z"));
        List<Gap> gaps = GapOracle.ledger(published);
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(Gap.Cause.SUBSCRIPTION_ERROR);
            assertThat(g.instruments()).containsExactly("SPY260116C00600000");
            assertThat(g.tsMs()).isEqualTo(500);
            assertThat(g.isOpen()).isTrue();
        });

        refusals.accepted("265598", 900);
        assertThat(status.state()).isEqualTo(Status.State.CONNECTED);
        assertThat(GapOracle.ledger(published))
                .singleElement()
                .satisfies(g -> assertThat(g.toMs()).isEqualTo(900L));
        assertThat(refusals.any()).isFalse();
    }

    @Test
    void theVenuesTextCannotForgeALogLine() {
        status.connected("up");
        try (LogCapture log = new LogCapture(SubscriptionRefusals.class)) {
            refusals.refused("id9", 500, List.of("BTCUSDT"), "bad\nERROR forged line\r\u001b[31m");
            assertThat(log.messages())
                    .singleElement()
                    .satisfies(m -> assertThat(m)
                            .contains("bad\\u000aERROR forged line\\u000d\\u001b[31m")
                            .doesNotContain("\n", "\r", "\u001b"));
        }
    }

    @Test
    void aRefusalWhileAlreadyDegradedIsPublishedAtOnceAndANewSessionEndsEveryRefusal() {
        status.connected("up");
        status.degrade("rollover", "rollover: planned");
        int before = statuses().size();
        refusals.refused("id7", 500, List.of(), "2 Invalid request: unknown stream");
        assertThat(statuses())
                .hasSize(before + 1)
                .last()
                .satisfies(s -> assertThat(s.detail())
                        .isEqualTo("rollover: planned; subscription refused: 2 Invalid request: unknown stream"));
        refusals.refused("id8", 510, List.of("A", "B", "C", "D", "E", "F", "G"), "refused");
        assertThat(statuses())
                .last()
                .satisfies(
                        s -> assertThat(s.detail()).contains("subscription refused for A,B,C,D,E and 2 more: refused"));

        refusals.resubscribing(800);
        status.recover("rollover");
        assertThat(status.state()).isEqualTo(Status.State.CONNECTED);
        assertThat(GapOracle.ledger(published))
                .hasSize(2)
                .allSatisfy(g -> assertThat(g.toMs()).isEqualTo(800L));
    }
}
