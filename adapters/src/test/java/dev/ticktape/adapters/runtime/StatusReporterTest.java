package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final StatusReporter reporter =
            new StatusReporter("binance", "CONN0", publisher, () -> Map.of("messages", 7L), () -> 1767225600000L);

    private java.util.List<Status> statuses() {
        return publisher.events().stream().map(Status.class::cast).toList();
    }

    @Test
    void publishesOnlyTransitions() {
        reporter.connected("up");
        reporter.connected("still up");
        reporter.degrade("book:BTCUSDT", "resync");
        reporter.degrade("gapfill:BTCUSDT", "filling");
        reporter.recover("book:BTCUSDT");
        reporter.recover("gapfill:BTCUSDT");
        reporter.disconnected("closed 1006");
        assertThat(statuses())
                .extracting(Status::state)
                .containsExactly(
                        Status.State.CONNECTED,
                        Status.State.DEGRADED,
                        Status.State.CONNECTED,
                        Status.State.DISCONNECTED);
        Status last = statuses().get(3);
        assertThat(last.venue()).isEqualTo("binance");
        assertThat(last.symbol()).isEqualTo("CONN0");
        assertThat(last.detail()).isEqualTo("closed 1006");
        assertThat(last.counters()).containsEntry("messages", 7L);
    }

    @Test
    void heartbeatRepublishesCurrentState() {
        reporter.connected("up");
        reporter.heartbeat();
        reporter.heartbeat();
        assertThat(statuses())
                .extracting(Status::state)
                .containsOnly(Status.State.CONNECTED)
                .hasSize(3);
    }

    @Test
    void disconnectedWinsOverDegradations() {
        reporter.connected("up");
        reporter.degrade("stale", "no data");
        reporter.disconnected("closed");
        assertThat(reporter.state()).isEqualTo(Status.State.DISCONNECTED);
        reporter.connected("back");
        assertThat(reporter.state()).isEqualTo(Status.State.DEGRADED);
    }
}
