package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two topology instances (each with its HTTP edge) on one broker with 6 partitions: either answers for every
 * instrument (forwarding to the owner), and when one stops the survivor takes every key over, with no bar lost or
 * doubled in DuckDB.
 */
@ExtendWith(SharedKafkaBroker.class)
class MultiInstanceIT {
    private static final int SYMBOLS = 40;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eitherInstanceAnswersForEveryKeyAndTheSurvivorTakesOver(@TempDir Path dir) throws Exception {
        String app = SharedKafkaBroker.uniqueName("mi");
        TopicProvisioner.Plan six = new TopicProvisioner.Plan(6, (short) -1, 1L << 30);
        TopologyConfig topo = TopologyConfig.defaults().withApplicationId(app);
        // Both run the analytics too: one application over two instances, so summaries are forwarded like bars.
        PlatformSpec.StreamsSpec streams = new PlatformSpec.StreamsSpec(topo, 1)
                .withAnalytics(new PlatformSpec.AnalyticsSpec(SummaryConfig.defaults(), null));
        PlatformSpec a = TestPlatforms.shared("a", dir.resolve("a"))
                .topics(six)
                .gateway(GatewayConfig.defaults().withPort(0))
                .streams(streams)
                .sink(new PlatformSpec.SinkSpec(dir.resolve("a.duckdb"), "sink-" + app, 5000, Duration.ofMillis(200)))
                .http("127.0.0.1", 0)
                .build();
        PlatformSpec b = TestPlatforms.shared("b", dir.resolve("b"))
                .topics(six)
                .streams(streams)
                .http("127.0.0.1", 0)
                .build();
        try (Platform pa = Platform.start(a)) {
            long sent;
            int portA = pa.httpPort();
            try (Platform pb = Platform.start(b)) {
                int portB = pb.httpPort();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> pa.awaitStreamsRunning(Duration.ofMillis(10))
                                && pb.awaitStreamsRunning(Duration.ofMillis(10))
                                && ownsSome(pa)
                                && ownsSome(pb));
                sent = sendTrades(pa.gatewayPort(), 3);
                long finalSecond = lastTradeMs / 1000 * 1000;
                // Both instances answer every instrument with the same bar, once the final second has closed.
                for (int i = 0; i < SYMBOLS; i++) {
                    String sym = sym(i);
                    JsonNode fromA = awaitOk(portA, BAR, sym, finalSecond);
                    JsonNode fromB = awaitOk(portB, BAR, sym, finalSecond);
                    assertThat(fromB).as(sym).isEqualTo(fromA);
                    // No venue: the one venue that has the symbol, found in both instances' state, answers.
                    assertThat(latestOfAnyVenue(portA, sym)).as(sym).isEqualTo(fromA);
                    assertThat(latestOfAnyVenue(portB, sym)).as(sym).isEqualTo(fromA);
                    // The latest summary of the final second, from whichever instance owns the instrument.
                    JsonNode summaryA = awaitOk(portA, SUMMARY, sym, finalSecond + 1000);
                    assertThat(awaitOk(portB, SUMMARY, sym, finalSecond + 1000))
                            .as(sym)
                            .isEqualTo(summaryA);
                    assertThat(summaryA.path("last_close").asDouble())
                            .as(sym)
                            .isEqualTo(fromA.path("close").asDouble());
                }
            }
            // B stopped (left the group): A answers for every key after the rebalance, never a wrong 404.
            sent += sendTrades(pa.gatewayPort(), 2);
            long finalSecond = lastTradeMs / 1000 * 1000;
            for (int i = 0; i < SYMBOLS; i++) awaitOk(portA, BAR, sym(i), finalSecond);
            try (Connection c = pa.database().orElseThrow().openReader()) {
                long total = sent;
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1s", "mi") >= total);
                assertThat(TradeReplay.storedTrades(c, "ohlc_1s", "mi")).isEqualTo(total);
            }
        }
    }

    private static boolean ownsSome(Platform p) {
        return p.streams().orElseThrow().streams().metadataForLocalThreads().stream()
                .anyMatch(t -> !t.activeTasks().isEmpty());
    }

    private static String sym(int i) {
        return String.format(Locale.ROOT, "MI%03d", i);
    }

    private long lastTradeMs;

    /** Live trades, one per symbol every 10 ms, for {@code seconds}. */
    private long sendTrades(int port, int seconds) throws Exception {
        long n = 0;
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            long end = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < end) {
                StringBuilder sb = new StringBuilder();
                long ts = System.currentTimeMillis();
                for (int i = 0; i < SYMBOLS; i++) {
                    sb.append("{\"type\":\"trade\",\"venue\":\"mi\",\"symbol\":\"")
                            .append(sym(i))
                            .append("\",\"ts_ms\":")
                            .append(ts)
                            .append(",\"price\":")
                            .append(100 + i)
                            .append(",\"qty\":1}\n");
                    n++;
                }
                out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                lastTradeMs = ts;
                LockSupport.parkNanos(10_000_000);
            }
            out.flush();
        }
        return n;
    }

    private JsonNode latestOfAnyVenue(int port, String sym) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/bars/latest?interval=1s&symbol=" + sym))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static final String BAR = "/v1/bars/latest?venue=mi&interval=1s&symbol=";
    private static final String SUMMARY = "/v1/summaries/latest?venue=mi&symbol=";

    /**
     * Polls {@code path + sym} until 200 with an event of {@code ts_ms >= second} (the last one); only 503 (with
     * Retry-After) is acceptable meanwhile.
     */
    private JsonNode awaitOk(int port, String path, String sym, long second) {
        List<Integer> seen = new ArrayList<>();
        Map<String, JsonNode> result = new HashMap<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    HttpResponse<byte[]> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + sym))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    seen.add(r.statusCode());
                    if (r.statusCode() == 503)
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    if (r.statusCode() != 200) return false;
                    JsonNode bar = json.readTree(r.body());
                    result.put(sym, bar);
                    return bar.path("ts_ms").asLong() >= second;
                });
        assertThat(seen).as("answers for %s", sym).allMatch(code -> code == 200 || code == 503);
        return result.get(sym);
    }
}
