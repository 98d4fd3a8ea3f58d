package dev.ticktape.adapters.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.SubscriptionRefusals;
import dev.ticktape.adapters.runtime.WsFramePosition;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinanceStreamHandlerTest {
    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final AdapterMetrics metrics = new AdapterMetrics(new SimpleMeterRegistry(), "binance");
    private final StatusReporter status = new StatusReporter("binance", "CONN0", publisher, Map::of);
    private final BinanceStreamHandler handler = new BinanceStreamHandler(
            new BinanceParser(),
            new BinanceStreams(),
            publisher,
            metrics,
            "ws:binance/CONN0",
            Map.of(),
            Map.of(),
            new SubscriptionRefusals(status));
    private final List<String> rollovers = new ArrayList<>();
    private final WsLink link = new WsLink() {
        @Override
        public void sendControl(String message) {}

        @Override
        public void resubscribe() {}

        @Override
        public void rollover(String reason) {
            rollovers.add(reason);
        }

        @Override
        public void reconnect(String reason) {}

        @Override
        public StatusReporter status() {
            return status;
        }

        @Override
        public String connectionId() {
            return "CONN0";
        }
    };

    @Test
    void anErrorReplyToASubscribeDegradesWithTheReasonAndOpensAGapOfItsInstruments() {
        status.connected("up");
        List<String> requests =
                handler.subscribeMessages(List.of("btcusdt@trade", "btcusdt@bookTicker", "xrpusdt@trade"));
        String id = requests.get(0).replaceAll(".*\"id\":(\\d+).*", "$1");
        handler.onText(
                link, "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown stream\"},\"id\":" + id + "}", 5);

        assertThat(status.state()).isEqualTo(Status.State.DEGRADED);
        Gap gap = publisher.events().stream()
                .filter(Gap.class::isInstance)
                .map(Gap.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(gap.cause()).isEqualTo(Gap.Cause.SUBSCRIPTION_ERROR);
        assertThat(gap.instruments()).containsExactly("BTCUSDT", "XRPUSDT");
        assertThat(gap.isOpen()).isTrue();
        assertThat(publisher.events())
                .filteredOn(Status.class::isInstance)
                .map(e -> ((Status) e).detail())
                .contains("subscription refused for BTCUSDT,XRPUSDT: 2 Invalid request: unknown stream");

        // A success reply for another request, an error for an unknown id: neither is a refusal of ours.
        String next = handler.subscribeMessages(List.of("ethusdt@trade")).get(0).replaceAll(".*\"id\":(\\d+).*", "$1");
        handler.onText(link, "{\"result\":null,\"id\":" + next + "}", 6);
        handler.onText(link, "{\"code\":2,\"msg\":\"Invalid request: x\",\"id\":" + next + "}", 7);
        assertThat(publisher.events().stream().filter(Gap.class::isInstance)).hasSize(1);

        handler.onOpen(link); // the next connection subscribes afresh
        assertThat(status.state()).isEqualTo(Status.State.CONNECTED);
        assertThat(publisher.events().stream()
                        .filter(Gap.class::isInstance)
                        .map(Gap.class::cast)
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .isOpen())
                .isFalse();
    }

    @Test
    void sendsUndecodableFrameToDeadLettersAndCarriesOn() {
        String bad = Fixtures.text("malformed-truncated.json");
        assertThat(handler.onText(link, bad, 1767225700000L)).isFalse();
        assertThat(handler.onText(link, Fixtures.text("bookticker-combined.json"), 1767225700001L))
                .isTrue();

        DeadLetter dl = publisher.deadLetters().get(0);
        assertThat(dl.reason()).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(dl.source()).isEqualTo("ws:binance/CONN0");
        assertThat(new String(dl.raw(), StandardCharsets.UTF_8)).isEqualTo(bad);
        assertThat(metrics.parseErrors()).isEqualTo(1);
        assertThat(publisher.events()).singleElement().isInstanceOf(Quote.class);
    }

    @Test
    void dropsRepeatedQuoteFromOverlappingConnection() {
        handler.onText(link, Fixtures.text("bookticker-combined.json"), 1767225700000L);
        handler.onText(link, Fixtures.text("bookticker-combined.json"), 1767225700001L);
        assertThat(publisher.events()).hasSize(1);
    }

    @Test
    void positionsMarketFramesByTheirIdsForARolloverHandover() {
        assertThat(handler.sequenced()).isTrue();
        assertThat(handler.positionOf(Fixtures.text("trade-combined.json")))
                .isEqualTo(new WsFramePosition("BTCUSDT@trade", 5321047711L));
        assertThat(handler.positionOf(Fixtures.text("depthupdate-combined.json")))
                .isEqualTo(new WsFramePosition("BTCUSDT@depth", 71246339140L));
        assertThat(handler.positionOf(Fixtures.text("bookticker-combined.json")))
                .isEqualTo(new WsFramePosition("BTCUSDT@bookTicker", 71246339120L));
        // Not market data: handled at once from either connection, and nothing is published by asking.
        assertThat(handler.positionOf(Fixtures.text("servershutdown-combined.json")))
                .isNull();
        assertThat(handler.positionOf(Fixtures.text("response-subscribe.json"))).isNull();
        assertThat(handler.positionOf(Fixtures.text("malformed-truncated.json")))
                .isNull();
        assertThat(publisher.events()).isEmpty();
        assertThat(publisher.deadLetters()).isEmpty();
        assertThat(rollovers).isEmpty();
    }

    @Test
    void serverShutdownStartsRolloverAndIsNotData() {
        assertThat(handler.onText(link, Fixtures.text("servershutdown-combined.json"), 1767225700000L))
                .isFalse();
        assertThat(rollovers).containsExactly("serverShutdown");
    }

    @Test
    void controlResponsesAndErrorsAreNotData() {
        assertThat(handler.onText(link, Fixtures.text("response-subscribe.json"), 1L))
                .isFalse();
        assertThat(handler.onText(link, Fixtures.text("error-invalid-id.json"), 1L))
                .isFalse();
        assertThat(publisher.events()).isEmpty();
        assertThat(publisher.deadLetters()).isEmpty();
    }
}
