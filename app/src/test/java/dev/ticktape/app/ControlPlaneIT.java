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
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Topics;
import dev.ticktape.venuesim.FakeBinanceServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Adapters under operator control over HTTP, and feeds that go silent raising alerts on md.alerts. */
@ExtendWith(SharedKafkaBroker.class)
class ControlPlaneIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private static PlatformSpec spec(
            Path dir,
            List<AdapterKind> kinds,
            Map<String, List<String>> autostart,
            boolean alerts,
            Duration stale,
            String token) {
        return TestPlatforms.shared("control", dir)
                .http("127.0.0.1", 0)
                .control(new PlatformSpec.ControlSpec(kinds, autostart, alerts, stale, Map.of(), token))
                .build();
    }

    @Test
    void startsAndStopsAnAdapterOverHttpAndRefusesMutationsWithoutTheToken(@TempDir Path dir) throws Exception {
        try (Platform p = Platform.start(
                spec(dir, List.of(new BinanceKind(true, 7)), Map.of(), false, Duration.ofSeconds(30), "s3cret"))) {
            String base = "http://127.0.0.1:" + p.httpPort();
            String body = "{\"adapter\":\"binance\",\"symbols\":[\"btcusdt\"]}";
            assertThat(post(base + "/v1/streaming/start", body, null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> refused = post(base + "/v1/streaming/start", body, "wrong");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(json.readTree(refused.body()).path("status").asInt()).isEqualTo(401);
            // Mutations are POST only; the edge names the method before any token check.
            HttpResponse<String> wrongMethod = get(base + "/v1/streaming/start");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
            assertThat(p.adapters().orElseThrow().running()).isEmpty();
            // A symbol Binance would refuse: 400 naming it and why, and nothing subscribes.
            String bad = "{\"adapter\":\"binance\",\"symbols\":[\"btcusdt\",\"btc/usdt@trade\\\"x\",\"eth-usdt\"]}";
            HttpResponse<String> invalid = post(base + "/v1/streaming/start", bad, "s3cret");
            assertThat(invalid.statusCode()).isEqualTo(400);
            JsonNode error = json.readTree(invalid.body());
            assertThat(error.path("code").asText()).isEqualTo("invalid_symbol");
            assertThat(error.path("error").asText())
                    .contains("'btc/usdt@trade\"x': a stream name")
                    .contains("'eth-usdt': not a Binance symbol")
                    .doesNotContain("'btcusdt'");
            assertThat(p.adapters().orElseThrow().running()).isEmpty();

            HttpResponse<String> started = post(base + "/v1/streaming/start", body, "s3cret");
            assertThat(started.statusCode()).isEqualTo(200);
            // The status endpoint (open for reads) shows the adapter and its connection from md.status.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        JsonNode s =
                                json.readTree(get(base + "/v1/streaming/status").body());
                        return s.path("running").has("binance")
                                && s.path("connections").size() > 0
                                && s.path("connections")
                                        .get(0)
                                        .path("state")
                                        .asText()
                                        .equals("connected");
                    });
            assertThat(readKeys(Topics.TRADES, 5)).allMatch(k -> k.startsWith("binance:BTCUSDT"));
            // A refused restart leaves the running adapter as it was.
            assertThat(post(base + "/v1/streaming/start", bad, "s3cret").statusCode())
                    .isEqualTo(400);
            assertThat(p.adapters().orElseThrow().running().get("binance").symbols())
                    .containsExactly("btcusdt");

            assertThat(post(base + "/v1/streaming/stop", "{\"adapter\":\"binance\"}", null)
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<String> stopped = post(base + "/v1/streaming/stop", "{\"adapter\":\"binance\"}", "s3cret");
            assertThat(json.readTree(stopped.body()).path("stopped").asBoolean())
                    .isTrue();
            assertThat(json.readTree(get(base + "/v1/streaming/status").body())
                            .path("running")
                            .size())
                    .isZero();
        }
    }

    /** A fake Binance with a 1 s status heartbeat, so the test can use a short stale timeout. */
    private static final class QuickHeartbeatBinance implements AdapterKind {
        volatile FakeBinanceServer venue;

        @Override
        public String name() {
            return "binance";
        }

        @Override
        public VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
            venue = FakeBinanceServer.start(0, 11, symbols);
            BinanceAdapter a = BinanceAdapter.create(
                    BinanceConfig.local(venue.wsUrl(), venue.restUrl(), symbols).withHeartbeat(Duration.ofSeconds(1)),
                    publisher,
                    registry);
            a.start();
            return a;
        }

        @Override
        public void close() {
            if (venue != null) venue.close();
        }
    }

    @Test
    void silentFeedRaisesStaleWithinTimeoutAndRecoveredWhenDataResumes(@TempDir Path dir) throws Exception {
        QuickHeartbeatBinance kind = new QuickHeartbeatBinance();
        Duration timeout = Duration.ofSeconds(3);
        try (Platform p = Platform.start(
                        spec(dir, List.of(kind), Map.of("binance", List.of("ethusdt")), true, timeout, null));
                KafkaConsumer<String, String> alerts = consumerAtEnd(Topics.ALERTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> p.statusBoard().orElseThrow().snapshot().values().stream()
                            .anyMatch(e -> e.messages() > 0));
            long silentAt = System.currentTimeMillis();
            kind.venue.pauseMarket();
            JsonNode stale = nextAlert(alerts, Duration.ofSeconds(20));
            long raisedAfter = System.currentTimeMillis() - silentAt;
            assertThat(stale.path("state").asText()).isEqualTo("stale");
            assertThat(stale.path("venue").asText()).isEqualTo("binance");
            assertThat(raisedAfter).as("stale alert delay ms").isLessThanOrEqualTo(timeout.toMillis() + 5_000);

            kind.venue.resumeMarket();
            JsonNode recovered = nextAlert(alerts, Duration.ofSeconds(20));
            assertThat(recovered.path("state").asText()).isEqualTo("recovered");
            assertThat(p.registry()
                            .find("ticktape.alerts")
                            .tag("state", "stale")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    private KafkaConsumer<String, String> consumerAtEnd(String topic) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> parts = c.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // materialise the end positions now
        return c;
    }

    private JsonNode nextAlert(KafkaConsumer<String, String> c, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) return json.readTree(r.value());
        }
        throw new AssertionError("no alert within " + within);
    }

    private List<String> readKeys(String topic, int n) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        SharedKafkaBroker.bootstrapServers(),
                        "group.id",
                        SharedKafkaBroker.uniqueName("k"),
                        "auto.offset.reset",
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (keys.size() < n && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    // Producer clock ticks share the topic; they are not market data.
                    if (r.headers().lastHeader(dev.ticktape.model.ProducerTick.TICK_HEADER) == null) keys.add(r.key());
                });
            }
        }
        assertThat(keys).hasSizeGreaterThanOrEqualTo(n);
        return keys;
    }

    private HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
