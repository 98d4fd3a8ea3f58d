package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.push.StreamLimits;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/stream} on real parts: trades over the gateway, the topology, the shared broker, the DuckDB sink and
 * SSE clients on real sockets. What a client streams is checked against what the sink stored (SQL over the bar
 * tables), which is computed by the same topology but reaches the client by a different path.
 */
@ExtendWith(SharedKafkaBroker.class)
class StreamApiIT {
    private static final String VENUE = "sse";
    private static final int TRADES = 60_000;
    private static final int SYMBOLS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A stored or streamed bar, keyed {@code symbol@ts}. */
    record BarRow(double open, double high, double low, double close, double volume, long trades, int revision) {}

    @Test
    void streamsExactlyTheStoredBarsFiltersBySymbolAndDropsASlowClient(@TempDir Path dir) throws Exception {
        // 60k trades over 1500 s of event time for 20 symbols: about 30k 1s bars, three times a client's queue.
        TradeReplay tape = new TradeReplay(
                TRADES, SYMBOLS, Instant.parse("2025-03-04T15:00:00Z").toEpochMilli(), 1_500_000, 100, 11);
        // A queue of 4000 events (a few seconds of this tape) drops the slow client well before the server's idle
        // timeout would end its blocked write; heartbeats every second find closed clients quickly.
        PlatformSpec spec = TestPlatforms.all(dir).toBuilder()
                .streamLimits(new StreamLimits(
                        64, 4000, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(30)))
                .build();
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            int port = p.httpPort();
            try (SseTestClient one = new SseTestClient(port, "kind=bars&venue=sse&symbols=E2E003");
                    SseTestClient minutes = new SseTestClient(port, "kind=bars&interval=1m&venue=sse&symbols=E2E003");
                    SseTestClient all = new SseTestClient(port, "kind=bars&venue=sse");
                    SseTestClient none = new SseTestClient(port, "kind=bars&venue=sse&symbols=NOPE");
                    SlowClient slow = new SlowClient(port, "kind=bars&venue=sse")) {
                assertThat(one.response.statusCode()).isEqualTo(200);
                assertThat(one.response.headers().firstValue("content-type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
                assertThat(p.registry().get("ticktape.stream.clients").gauge().value())
                        .isEqualTo(5);

                tape.send(p.gatewayPort(), VENUE, 0, TRADES);

                // The slow client never reads: its queue overflows and it is dropped, counted with its reason.
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> dropped(p, "slow_client") == 1);
                // Reading again at once (before the server's idle timeout gives up on the blocked write), the slow
                // client gets what it was sent before the drop, then the reason, then EOF.
                CompletableFuture<SlowClient.Result> slowRead = CompletableFuture.supplyAsync(() -> {
                    try {
                        return slow.readToEnd(Duration.ofSeconds(60));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

                try (Connection c = p.database().orElseThrow().openReader()) {
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> TradeReplay.storedTrades(c, "ohlc_1s", VENUE) >= TRADES
                                    && TradeReplay.storedTrades(c, "ohlc_1m", VENUE) >= TRADES);
                    TreeMap<String, BarRow> stored1s = stored(c, "ohlc_1s", null);
                    assertThat(stored1s.size()).isGreaterThan(25_000);
                    // The other clients kept receiving: every stored bar, none missing, none extra.
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(latest(all)).isEqualTo(stored1s));
                    TreeMap<String, BarRow> stored003 = stored(c, "ohlc_1s", "E2E003");
                    assertThat(stored003).hasSizeGreaterThan(500);
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(latest(one)).isEqualTo(stored003));
                    TreeMap<String, BarRow> stored1m = stored(c, "ohlc_1m", "E2E003");
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(latest(minutes)).isEqualTo(stored1m));
                }
                // The filter lets nothing else through: only E2E003 reached 'one', nothing reached 'none'.
                assertThat(one.ofType("bar"))
                        .allSatisfy(e -> assertThat(
                                        JSON.readTree(e.data()).get("symbol").asText())
                                .isEqualTo("E2E003"));
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> none.events.isEmpty() && !none.ended());
                assertThat(none.ended()).isFalse();
                assertThat(all.ofType("error")).isEmpty();
                assertThat(all.events).allSatisfy(e -> assertThat(e.id()).matches("md\\.bars\\.1s-\\d+-\\d+"));
                assertThat(one.retries).containsExactly("3000");

                SlowClient.Result r = slowRead.get(90, TimeUnit.SECONDS);
                assertThat(r.eof()).as("the server ended the dropped stream").isTrue();
                assertThat(r.lastEvent()).isEqualTo("error");
                JsonNode reason = JSON.readTree(r.lastData());
                assertThat(reason.get("reason").asText()).isEqualTo("slow_client");
                assertThat(reason.get("dropped_after").asLong()).isEqualTo(r.bars());
                assertThat(r.bars()).isLessThan(stored(p, null));
                assertThat(dropped(p, "slow_client")).isEqualTo(1);
            }
            // A client that went away is noticed at the next write: at the latest the next heartbeat.
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            p.registry().get("ticktape.stream.clients").gauge().value() == 0);
        }
    }

    @Test
    void refusesBadRequestsAndExtraClientsAndEndsStreamsOnClose(@TempDir Path dir) throws Exception {
        PlatformSpec spec = TestPlatforms.shared("test-stream", dir)
                .http("127.0.0.1", 0)
                .streamLimits(
                        new StreamLimits(1, 100, Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofSeconds(30)))
                .build();
        Platform p = Platform.start(spec);
        SseTestClient first;
        try {
            int port = p.httpPort();
            JsonNode badKind = error(port, "kind=candles", 400);
            assertThat(badKind.get("error").asText()).contains("unknown kind 'candles'");
            assertThat(badKind.get("kinds"))
                    .extracting(JsonNode::asText)
                    .containsExactly(
                            "bars", "quotes", "book", "greeks", "alerts", "summaries", "features", "decisions", "gaps");
            assertThat(error(port, "", 400).get("error").asText()).contains("missing kind");
            assertThat(error(port, "kind=bars&interval=5m", 400).get("error").asText())
                    .isEqualTo("interval must be 1s or 1m");
            assertThat(error(port, "kind=quotes&symbol=BTCUSDT", 400)
                            .get("error")
                            .asText())
                    .contains("unknown parameter 'symbol'");
            assertThat(error(port, "kind=quotes&venue=Bad Venue", 400)
                            .get("error")
                            .asText())
                    .contains("venue");
            assertThat(error(port, "kind=alerts&symbols=X", 400).get("error").asText())
                    .contains("venue only");

            first = new SseTestClient(port, "kind=quotes&symbols=btcusdt");
            assertThat(first.response.statusCode()).isEqualTo(200);
            // Quiet streams still carry heartbeats (every 300 ms here) so proxies keep the connection open.
            await().atMost(Duration.ofSeconds(5)).until(() -> first.comments.contains(":"));

            HttpResponse<String> full = get(port, "kind=quotes");
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.headers().firstValue("retry-after")).hasValue("5");
            assertThat(JSON.readTree(full.body()).get("error").asText()).contains("too many stream clients");
            assertThat(consumerThreads()).containsExactly("ticktape-stream-md.quotes");
        } finally {
            p.close();
        }
        // Closing the platform (its HTTP edge) ended the stream with a reason, and the consumer thread is gone.
        await().atMost(Duration.ofSeconds(5)).until(first::ended);
        assertThat(first.ofType("error"))
                .singleElement()
                .satisfies(e -> assertThat(e.data()).isEqualTo("{\"reason\":\"shutdown\",\"dropped_after\":0}"));
        await().atMost(Duration.ofSeconds(1)).until(() -> consumerThreads().isEmpty());
        first.close();
    }

    private static List<String> consumerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("ticktape-stream-md."))
                .toList();
    }

    private static HttpResponse<String> get(int port, String query) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/stream?" + query.replace(" ", "%20")))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(int port, String query, int status) throws Exception {
        HttpResponse<String> r = get(port, query);
        assertThat(r.statusCode()).as(query).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }

    private static double dropped(Platform p, String reason) {
        var c = p.registry()
                .find("ticktape.stream.clients.dropped")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    private static long stored(Platform p, String symbol) throws SQLException {
        try (Connection c = p.database().orElseThrow().openReader()) {
            return stored(c, "ohlc_1s", symbol).size();
        }
    }

    /** The stored bars of venue {@code sse} (one symbol, or all when null). */
    private static TreeMap<String, BarRow> stored(Connection c, String table, String symbol) throws SQLException {
        TreeMap<String, BarRow> out = new TreeMap<>();
        String sql = "SELECT symbol, epoch_ms(timestamp), open, high, low, close, volume, trades, revision FROM "
                + table + " WHERE venue = '" + VENUE + "'" + (symbol == null ? "" : " AND symbol = '" + symbol + "'");
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(
                        rs.getString(1) + "@" + rs.getLong(2),
                        new BarRow(
                                rs.getDouble(3),
                                rs.getDouble(4),
                                rs.getDouble(5),
                                rs.getDouble(6),
                                rs.getDouble(7),
                                rs.getLong(8),
                                rs.getInt(9)));
            }
        }
        return out;
    }

    /** The streamed bars, a revised bar replacing the one it revises (as a client replaces its candle). */
    private static TreeMap<String, BarRow> latest(SseTestClient client) throws Exception {
        TreeMap<String, BarRow> out = new TreeMap<>();
        for (SseTestClient.Event e : client.ofType("bar")) {
            JsonNode b = JSON.readTree(e.data());
            assertThat(b.get("venue").asText()).isEqualTo(VENUE);
            BarRow row = new BarRow(
                    b.get("open").asDouble(),
                    b.get("high").asDouble(),
                    b.get("low").asDouble(),
                    b.get("close").asDouble(),
                    b.get("volume").asDouble(),
                    b.get("trades").asLong(),
                    b.path("revision").asInt());
            out.merge(
                    b.get("symbol").asText() + "@" + b.get("ts_ms").asLong(),
                    row,
                    (a, n) -> n.revision() >= a.revision() ? n : a);
        }
        return out;
    }

    /**
     * A client that subscribes and then stops reading, with a small receive window, so the server's writes block
     * and its queue fills. HTTP/1.0, so the body is the raw event stream (no chunking) ending at EOF.
     */
    static final class SlowClient implements AutoCloseable {
        record Result(long bars, String lastEvent, String lastData, boolean eof) {}

        private final Socket socket = new Socket();
        private final BufferedReader in;

        SlowClient(int port, String query) throws Exception {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/stream?" + query + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 1024);
            String status = in.readLine();
            if (status == null || !status.contains(" 200 ")) throw new IllegalStateException("status: " + status);
            // Up to the preamble's end: the server is subscribed from here on.
            for (String line; (line = in.readLine()) != null && !line.startsWith(": ticktape stream"); ) {}
        }

        Result readToEnd(Duration timeout) throws Exception {
            socket.setSoTimeout((int) timeout.toMillis());
            long bars = 0;
            String event = null;
            String lastEvent = null;
            String lastData = null;
            boolean eof = false;
            try {
                for (String line; ; ) {
                    line = in.readLine();
                    if (line == null) {
                        eof = true;
                        break;
                    }
                    if (line.startsWith("event: ")) event = line.substring(7);
                    if (line.startsWith("data: ")) {
                        lastEvent = event;
                        lastData = line.substring(6);
                        if ("bar".equals(event)) bars++;
                    }
                }
            } catch (SocketTimeoutException e) {
                // eof stays false
            }
            return new Result(bars, lastEvent, lastData, eof);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
