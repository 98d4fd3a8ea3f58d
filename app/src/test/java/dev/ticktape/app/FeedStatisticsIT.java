package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.adapters.binance.BinanceAdapter;
import dev.ticktape.adapters.binance.BinanceConfig;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.venuesim.FakeBinanceOptions;
import dev.ticktape.venuesim.FakeBinanceServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/streaming/status} against a fake Binance whose own count of frames sent is the oracle: while it
 * streams, messages/s matches the venue's rate and the last message is under a second old (the status heartbeat
 * is 10 s, so a number taken from it would be seconds stale); once the venue is gone, messages/s is 0.
 */
@ExtendWith(SharedKafkaBroker.class)
class FeedStatisticsIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** A fake Binance ticking every 10 ms on one symbol, with the adapter's default 10 s status heartbeat. */
    private static final class KnownRateBinance implements AdapterKind {
        volatile FakeBinanceServer venue;

        @Override
        public String name() {
            return "binance";
        }

        @Override
        public VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
            venue = FakeBinanceServer.start(
                    FakeBinanceOptions.defaults(0, 5, symbols).withTick(Duration.ofMillis(10)));
            BinanceAdapter a = BinanceAdapter.create(
                    BinanceConfig.local(venue.wsUrl(), venue.restUrl(), symbols), publisher, registry);
            a.start();
            return a;
        }

        @Override
        public void close() {
            if (venue != null) venue.close();
        }
    }

    @Test
    void rateAndAgeAreCurrentWhileStreamingAndRateIsZeroOnceDisconnected(@TempDir Path dir) throws Exception {
        KnownRateBinance kind = new KnownRateBinance();
        PlatformSpec spec = TestPlatforms.shared("feed-stats", dir)
                .http("127.0.0.1", 0)
                .control(new PlatformSpec.ControlSpec(
                        List.of(kind),
                        Map.of("binance", List.of("btcusdt")),
                        false,
                        Duration.ofSeconds(30),
                        Map.of(),
                        null))
                .build();
        try (Platform p = Platform.start(spec)) {
            String url = "http://127.0.0.1:" + p.httpPort() + "/v1/streaming/status";
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            "connected".equals(connection(url).path("state").asText()));
            // The fake's own count over 5 s, once the adapter's 5 s rate window holds streaming seconds only.
            await().pollDelay(Duration.ofSeconds(7))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> kind.venue.framesSent() > 0);
            long f0 = kind.venue.framesSent();
            long t0 = System.nanoTime();
            await().pollDelay(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(8))
                    .until(() -> kind.venue.framesSent() > f0);
            double venueRate = (kind.venue.framesSent() - f0) / ((System.nanoTime() - t0) / 1e9);
            assertThat(venueRate).as("the fake's rate").isGreaterThan(100);

            // A heartbeat and more: both numbers hold at every point of the 10 s status cycle.
            await().during(Duration.ofSeconds(12))
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        JsonNode c = connection(url);
                        assertThat(c.path("last_message_age_ms").asLong())
                                .as("age while streaming")
                                .isBetween(0L, 999L);
                        assertThat(c.path("messages_per_second").asDouble())
                                .as("messages/s against the venue's %.1f", venueRate)
                                .isBetween(venueRate * 0.85, venueRate * 1.15);
                    });

            kind.venue.close();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonNode c = connection(url);
                        return !c.path("state").asText().equals("connected")
                                && c.path("messages_per_second").asDouble() == 0.0;
                    });
            // Gone stays at 0 messages/s while its last message ages.
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> connection(url).path("messages_per_second").asDouble() == 0.0);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> connection(url).path("last_message_age_ms").asLong() >= 2_000L);
        }
    }

    private JsonNode connection(String url) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode conns = json.readTree(r.body()).path("connections");
        return conns.size() == 0 ? json.createObjectNode() : conns.get(0);
    }
}
