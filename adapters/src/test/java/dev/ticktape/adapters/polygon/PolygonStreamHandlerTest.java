package dev.ticktape.adapters.polygon;

import static dev.ticktape.adapters.polygon.PolygonFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.model.Bar;
import dev.ticktape.model.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolygonStreamHandlerTest {
    private final InMemoryPublisher published = new InMemoryPublisher();
    private final AdapterMetrics metrics = new AdapterMetrics(new SimpleMeterRegistry(), "polygon");
    private final StatusReporter status = new StatusReporter("polygon", "CONN0", published, Map::of);
    private final List<Long> gapFills = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();
    private final PolygonStreamHandler handler = new PolygonStreamHandler(
            new PolygonParser(),
            "s3cr\"et",
            published,
            metrics,
            "ws:polygon/CONN0",
            new PolygonMinuteBars(Duration.ofMinutes(30).toMillis()),
            gapFills::add,
            fatal::add,
            new SubscriptionRefusals(status));
    private final Link link = new Link();

    /** Records what the handler asks of the connection. */
    private final class Link implements WsLink {
        final List<String> sent = new ArrayList<>();
        int resubscribes;
        final List<String> reconnects = new ArrayList<>();

        @Override
        public void sendControl(String message) {
            sent.add(message);
        }

        @Override
        public void resubscribe() {
            resubscribes++;
            sent.addAll(handler.subscribeMessages(List.of("T.AAPL", "Q.AAPL", "AM.BRK.B")));
        }

        @Override
        public void rollover(String reason) {}

        @Override
        public void reconnect(String reason) {
            reconnects.add(reason);
        }

        @Override
        public StatusReporter status() {
            return status;
        }

        @Override
        public String connectionId() {
            return "CONN0";
        }
    }

    @Test
    void authenticatesFirstAndSubscribesOnlyAfterAuthSuccess() {
        handler.onOpen(link);
        assertThat(link.sent).containsExactly("{\"action\":\"auth\",\"params\":\"s3cr\\\"et\"}");
        assertThat(handler.onText(link, text("status-connected.json"), 1)).isFalse();
        assertThat(link.resubscribes).isZero();
        assertThat(handler.onText(link, text("status-auth-success.json"), 2)).isFalse();
        assertThat(link.sent).last().isEqualTo("{\"action\":\"subscribe\",\"params\":\"T.AAPL,Q.AAPL,AM.BRK.B\"}");
    }

    @Test
    void authFailureIsReportedAsFatalWithoutReconnecting() {
        handler.onText(link, text("status-auth-failed.json"), 1);
        assertThat(fatal).singleElement().asString().contains("authentication failed");
        assertThat(link.reconnects).isEmpty();
    }

    @Test
    void authTimeoutReconnects() {
        handler.onText(link, text("status-auth-timeout.json"), 1);
        assertThat(link.reconnects).hasSize(1);
        assertThat(fatal).isEmpty();
    }

    @Test
    void refusedSubscriptionDegradesTheConnection() {
        status.connected("up");
        handler.onText(link, text("status-error-not-authorized.json"), 1);
        assertThat(status.state()).isEqualTo(Status.State.DEGRADED);
        // The venue's reason is what md.status (and so /v1/streaming/status) shows.
        assertThat(published.events())
                .filteredOn(Status.class::isInstance)
                .map(e -> ((Status) e).detail())
                .contains("subscription refused: error: not authorized");
        handler.onText(link, text("status-auth-success.json"), 2); // next session starts clean
        assertThat(status.state()).isEqualTo(Status.State.CONNECTED);
    }

    @Test
    void publishesDataOfAMixedFrameAndCountsItAsData() {
        assertThat(handler.onText(link, text("mixed-status-data-unknown.json"), 5))
                .isTrue();
        assertThat(published.events()).singleElement().isInstanceOf(dev.ticktape.model.Quote.class);
    }

    @Test
    void sendsBadElementToDeadLettersAndKeepsTheGoodOne() {
        assertThat(handler.onText(link, text("malformed-trade-missing-price.json"), 5))
                .isTrue();
        assertThat(published.deadLetters())
                .singleElement()
                .satisfies(d -> assertThat(d.source()).isEqualTo("ws:polygon/CONN0"));
        assertThat(published.events()).hasSize(1);
        assertThat(metrics.parseErrors()).isEqualTo(1);
    }

    @Test
    void sendsUndecodableFrameToDeadLetters() {
        assertThat(handler.onText(link, text("malformed-truncated.json"), 5)).isFalse();
        assertThat(published.deadLetters()).hasSize(1);
    }

    @Test
    void republishesMinuteBarOnlyWhenTheVenueChangedIt() {
        String am = text("agg-minute.json");
        handler.onText(link, am, 1);
        handler.onText(link, am, 2); // identical re-send
        handler.onText(link, am.replace("\"v\":58211", "\"v\":58311"), 3); // corrected
        assertThat(published.bars()).extracting(Bar::volume).containsExactly(58211.0, 58311.0);
        assertThat(handler.corrections()).isEqualTo(1);
    }

    @Test
    void asksForGapFillFromTheLastVenueTimeAfterReconnect() {
        handler.onText(link, text("quote.json"), 1);
        handler.onReconnected(link);
        assertThat(gapFills).containsExactly(1767191400140L);
    }

    @Test
    void configNeverPrintsTheKey() {
        PolygonConfig c = PolygonConfig.defaults(List.of("aapl"), "s3cr3t-key");
        assertThat(c.toString()).doesNotContain("s3cr3t-key").contains("***");
        assertThat(c.symbols()).containsExactly("AAPL");
    }
}
