package dev.ticktape.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestkitExampleIT {
    @RegisterExtension
    static TicktapeExtension ticktape = TicktapeExtension.embedded().build();

    @Test
    @Timeout(30)
    void tradesAndProducerBarsBecomeStoredBars() {
        long second = System.currentTimeMillis() / 1000 * 1000;
        ticktape.send(
                Ndjson.trade("BTCUSDT", second + 100, 95000.0, 0.5),
                Ndjson.trade("BTCUSDT", second + 400, 95010.0, 0.25),
                Ndjson.trade("BTCUSDT", second + 900, 94990.0, 1.0),
                Ndjson.ohlc1s("ETHUSDT", second, 3500.0, 3510.0, 3490.0, 3505.0, 12.5, 40));

        // Trades become one bar per instrument and second, computed from what was sent.
        JsonNode btc = ticktape.awaitBar("ndjson", "BTCUSDT", second);
        assertThat(btc.path("open").asDouble()).isEqualTo(95000.0);
        assertThat(btc.path("high").asDouble()).isEqualTo(95010.0);
        assertThat(btc.path("low").asDouble()).isEqualTo(94990.0);
        assertThat(btc.path("close").asDouble()).isEqualTo(94990.0);
        assertThat(btc.path("volume").asDouble()).isEqualTo(1.75);
        assertThat(btc.path("trades").asInt()).isEqualTo(3);

        // A producer's own 1s bar is stored as given.
        JsonNode eth = ticktape.awaitBar("ndjson", "ETHUSDT", second);
        assertThat(eth.path("close").asDouble()).isEqualTo(3505.0);
        assertThat(eth.path("trades").asInt()).isEqualTo(40);
    }
}
