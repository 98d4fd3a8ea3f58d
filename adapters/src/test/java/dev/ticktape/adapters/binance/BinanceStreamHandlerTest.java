package dev.ticktape.adapters.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.adapters.runtime.WsFramePosition;
import dev.ticktape.adapters.runtime.WsLink;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinanceStreamHandlerTest {
    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final AdapterMetrics metrics = new AdapterMetrics(new SimpleMeterRegistry(), "binance");
    private final BinanceStreamHandler handler = new BinanceStreamHandler(
            new BinanceParser(), new BinanceStreams(), publisher, metrics, "ws:binance/CONN0", Map.of(), Map.of());
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
            return null;
        }

        @Override
        public String connectionId() {
            return "CONN0";
        }
    };

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
