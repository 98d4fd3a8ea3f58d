package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.codec.LogText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The edge over real loopback sockets: routing, the uniform JSON errors, early binding and graceful stop. */
class HttpEdgeIT {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final HealthCheck health = new HealthCheck();
    private final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpEdge edge;

    private HttpEdge newEdge() throws IOException {
        HttpEdge e = new HttpEdge("127.0.0.1", 0, registry, health, json);
        e.get("/v1/streaming/status", q -> HttpEdge.Response.ok(Map.of("connections", List.of())));
        e.get("/v1/echo", HttpEdge.Response::ok);
        e.get("/v1/bad", q -> {
            throw new IllegalArgumentException("symbol is required");
        });
        e.get("/v1/broken", q -> {
            throw new IllegalStateException("boom");
        });
        e.get("/v1/moving", q -> Forwarder.unavailable("ownership of x is moving"));
        e.get(
                "/v1/instrument",
                q -> HttpEdge.Response.ok(Map.of("id", new InstrumentId(q.get("venue"), q.get("symbol")))));
        e.get("/v1/slow", q -> {
            slowEntered.countDown();
            return HttpEdge.Response.ok(Map.of("released", slowRelease.await(30, TimeUnit.SECONDS)));
        });
        e.post(
                "/v1/mutate",
                req -> req.header("authorization") == null
                        ? HttpEdge.Response.error(401, "a valid bearer token is required")
                                .withHeader("WWW-Authenticate", "Bearer")
                        : HttpEdge.Response.ok(Map.of("method", req.method(), "body", new String(req.body()))));
        return e;
    }

    @AfterEach
    void stop() {
        slowRelease.countDown();
        if (edge != null) edge.close();
    }

    @Test
    void answersGetRoutesWithJsonOfTheDecodedQuery() throws Exception {
        edge = started();
        HttpResponse<String> r = get("/v1/echo?symbol=BTC%2FUSD&venue=");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.readTree(r.body())).isEqualTo(json.readTree("{\"symbol\":\"BTC/USD\",\"venue\":\"\"}"));
    }

    @Test
    void answersEveryErrorAsJsonWithItsStatus() throws Exception {
        edge = started();
        assertError(get("/nowhere"), 404, "no such endpoint: /nowhere");
        assertError(get("/v1/echo/more"), 404, "no such endpoint: /v1/echo/more");
        assertError(get("/v1/echo/"), 404, "no such endpoint: /v1/echo/");
        assertError(get("/v1/bad?symbol="), 400, "symbol is required");
        assertError(get("/v1/broken"), 500, "IllegalStateException: boom");
        assertError(
                send(HttpRequest.newBuilder(uri("/v1/mutate")).POST(HttpRequest.BodyPublishers.ofString("{}"))),
                401,
                "a valid bearer token is required");
    }

    @Test
    void refusesWhatTheModelRefusesAndOverlongValuesWith400() throws Exception {
        edge = started();
        assertError(
                get("/v1/instrument?venue=BAD%20V&symbol=X"),
                400,
                "venue must match [a-z0-9][a-z0-9_.-]{0,31}, got 'BAD V'");
        assertError(get("/v1/instrument?venue=x&symbol=" + "A".repeat(65)), 400, "symbol must have 1..64 characters");
        // Beyond the server's URI limit the request is refused before routing; below it, values are capped.
        assertThat(get("/v1/echo?symbol=" + "A".repeat(100_000)).statusCode()).isEqualTo(414);
        assertError(
                get("/v1/echo?symbol=" + "A".repeat(2_000)), 400, "parameter 'symbol' is longer than 1024 characters");
        assertThat(get("/v1/echo?symbols=" + "ABCDEFG,".repeat(300)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void escapesControlCharactersInWhatItLogs() {
        assertThat(LogText.printable("x\nERROR forged\r")).isEqualTo("x\\u000aERROR forged\\u000d");
        assertThat(LogText.printable("A".repeat(1000))).hasSize(303).endsWith("...");
    }

    @Test
    void refusesAWrongMethodWith405NamingTheRightOne() throws Exception {
        edge = started();
        HttpResponse<String> post =
                send(HttpRequest.newBuilder(uri("/v1/echo")).POST(HttpRequest.BodyPublishers.noBody()));
        assertError(post, 405, "use GET");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> getOfPost = get("/v1/mutate");
        assertError(getOfPost, 405, "use POST");
        assertThat(getOfPost.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void keepsRetryAfterOn503() throws Exception {
        edge = started();
        HttpResponse<String> r = get("/v1/moving");
        assertError(r, 503, "ownership of x is moving");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void givesPostRoutesTheHeadersAndBody() throws Exception {
        edge = started();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/mutate"))
                .header("Authorization", "Bearer t")
                .POST(HttpRequest.BodyPublishers.ofString("{\"adapter\":\"binance\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("method").asText()).isEqualTo("POST");
        assertThat(json.readTree(r.body()).path("body").asText()).isEqualTo("{\"adapter\":\"binance\"}");
    }

    @Test
    void refusesOversizedBodiesAndHeadersInTheSameJsonShape() throws Exception {
        edge = started();
        String big = "x".repeat(2_000_000);
        assertError(
                send(HttpRequest.newBuilder(uri("/v1/mutate"))
                        .header("Authorization", "Bearer t")
                        .POST(HttpRequest.BodyPublishers.ofString(big))),
                413,
                null);
        // Rejected by Jetty before any route runs.
        assertError(
                send(HttpRequest.newBuilder(uri("/v1/echo"))
                        .header("X-Big", "y".repeat(20_000))
                        .GET()),
                431,
                null);
    }

    @Test
    void overviewRepeatsHealthAndStatusAndSumsTicktapeMetersByPrometheusName() throws Exception {
        edge = started();
        health.register("part", true, () -> HealthCheck.Component.down("failed"));
        registry.counter("ticktape.test.things", "a", "1").increment(2);
        registry.counter("ticktape.test.things", "a", "2").increment(3);
        registry.gauge("ticktape.test.level", 7.0);
        registry.counter("other.things").increment();
        HttpResponse<String> r = get("/v1/overview");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = json.readTree(r.body());
        assertThat(o.path("health")
                        .path("components")
                        .path("part")
                        .path("detail")
                        .asText())
                .isEqualTo("failed");
        assertThat(o.path("streaming").path("connections").isArray()).isTrue();
        assertThat(o.path("meters").path("ticktape_test_things_total").asDouble())
                .isEqualTo(5.0);
        assertThat(o.path("meters").path("ticktape_test_level").asDouble()).isEqualTo(7.0);
        assertThat(o.path("meters").has("other_things_total")).isFalse();
        assertThat(o.path("at_ms").asLong()).isPositive();
    }

    @Test
    void servesHealthAsJsonAndMetricsAsPrometheusText() throws Exception {
        edge = started();
        health.register("part", true, () -> HealthCheck.Component.down("failed"));
        HttpResponse<String> h = get("/health");
        assertThat(h.statusCode()).isEqualTo(503);
        assertThat(json.readTree(h.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(json.readTree(h.body())
                        .path("components")
                        .path("part")
                        .path("detail")
                        .asText())
                .isEqualTo("failed");
        HttpResponse<String> m = get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void holdsRequestsMadeBeforeStartUntilTheRoutesAreServed() throws Exception {
        edge = newEdge();
        // The port is bound at construction (Streams advertises it); a request now waits instead of meeting a 404.
        CompletableFuture<HttpResponse<String>> early = client.sendAsync(
                HttpRequest.newBuilder(uri("/v1/echo?a=1")).build(), HttpResponse.BodyHandlers.ofString());
        edge.start();
        HttpResponse<String> r = early.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("a").asText()).isEqualTo("1");
    }

    @Test
    void releasesThePortOnCloseEvenWhenNeverStarted() throws Exception {
        HttpEdge unstarted = newEdge();
        int port = unstarted.port();
        unstarted.close();
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void stopsAcceptingOnCloseButFinishesRequestsInFlight() throws Exception {
        edge = started();
        int port = edge.port();
        CompletableFuture<HttpResponse<String>> inFlight =
                client.sendAsync(HttpRequest.newBuilder(uri("/v1/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(slowEntered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(edge::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
        slowRelease.countDown();
        HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("released").asBoolean()).isTrue();
        closing.get(30, TimeUnit.SECONDS);
        edge = null;
    }

    private HttpEdge started() throws IOException {
        HttpEdge e = newEdge();
        e.start();
        return e;
    }

    private void assertError(HttpResponse<String> r, int status, String message) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").isTextual())
                .as("error text in %s", r.body())
                .isTrue();
        if (message != null) assertThat(body.path("error").asText()).isEqualTo(message);
        // Every error names its status's code, whatever layer (route, Javalin, Jetty) answered.
        assertThat(body.path("code").asText()).as("code in %s", r.body()).isEqualTo(ErrorBody.codeOf(status));
        assertThat(body.has("hint")).as("no hint to give in %s", r.body()).isFalse();
    }

    private boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + edge.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
