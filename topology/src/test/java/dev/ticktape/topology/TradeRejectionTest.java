package dev.ticktape.topology;

import static dev.ticktape.topology.BarHarness.T0;
import static dev.ticktape.topology.BarHarness.key;
import static dev.ticktape.topology.BarHarness.tradeJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.Bar;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TradeRejectionTest {
    private static final long S = T0 + 2_000;
    private final BarHarness h = new BarHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void routesInvalidTradesToDlqAndKeepsAggregating() {
        h.trades.pipeInput(key("BTCUSDT"), "{\"type\":\"trade\",\"symbol\":");
        h.trades.pipeInput(
                key("BTCUSDT"), "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + (S + 1) + ",\"qty\":1}");
        h.trades.pipeInput(key("BTCUSDT"), tradeJson("BTCUSDT", S + 2, 100, -1));
        h.trades.pipeInput(
                key("BTCUSDT"),
                // A quote, and an incomplete one: the type is judged first, as at the gateway.
                "{\"type\":\"quote\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + (S + 3) + ",\"bid\":1}");
        h.trades.pipeInput(
                key("BTCUSDT"),
                "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + (S + 4) + ",\"price\":\"abc\",\"qty\":1}");
        h.trade("BTCUSDT", S + 5, 100, 2);
        h.advanceWallClock(5_000);

        List<JsonNode> letters = h.dlq.readValuesToList().stream()
                .map(v -> BarHarness.CODEC.readTree(v.getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(letters)
                .extracting(n -> n.get("reason").asText())
                .containsExactly("invalid_json", "missing_field", "negative", "unknown_type", "wrong_type");
        assertThat(letters)
                .extracting(n -> n.get("source").asText())
                .containsExactly(
                        "topic:md.trades/0@0",
                        "topic:md.trades/0@1",
                        "topic:md.trades/0@2",
                        "topic:md.trades/0@3",
                        "topic:md.trades/0@4");
        assertThat(letters.get(0).get("raw").asText()).isEqualTo("{\"type\":\"trade\",\"symbol\":");
        assertThat(letters.get(0).get("recv_ms").asLong()).isEqualTo(T0);
        assertThat(h.counter("ticktape.topology.rejected", "reason", "negative"))
                .isEqualTo(1);
        assertThat(h.counter("ticktape.topology.rejected", "reason", "unknown_type"))
                .isEqualTo(1);

        assertThat(h.drainBars1s()).singleElement().satisfies(b -> {
            assertThat(b.trades()).isEqualTo(1);
            assertThat(b.volume()).isEqualTo(2);
        });
    }

    @Test
    void rejectsEmptyValue() {
        h.trades.pipeInput(key("BTCUSDT"), (String) null);

        assertThat(BarHarness.CODEC
                        .readTree(h.dlq.readValue().getBytes(StandardCharsets.UTF_8))
                        .get("reason")
                        .asText())
                .isEqualTo("invalid_json");
    }

    @Test
    void rejectsTradeStampedBeyondFutureSkew() {
        h.trade("BTCUSDT", T0 + 61_000, 100, 1); // default skew 60 s
        h.trade("BTCUSDT", T0 + 59_000, 100, 1);
        h.advanceWallClock(70_000);

        assertThat(BarHarness.CODEC
                        .readTree(h.dlq.readValue().getBytes(StandardCharsets.UTF_8))
                        .get("reason")
                        .asText())
                .isEqualTo("timestamp_out_of_range");
        assertThat(h.dlq.isEmpty()).isTrue();
        assertThat(h.drainBars1s()).extracting(Bar::tsMs).containsExactly(T0 + 59_000);
    }
}
