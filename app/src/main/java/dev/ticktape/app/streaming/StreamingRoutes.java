package dev.ticktape.app.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.access.BearerToken;
import dev.ticktape.app.http.HttpEdge;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The control API: {@code POST /v1/streaming/start} ({@code {"adapter":"binance","symbols":["btcusdt"]}}),
 * {@code POST /v1/streaming/stop} ({@code {"adapter":"binance"}}) and {@code GET /v1/streaming/status}. A start
 * whose symbols the venue would refuse answers 400 ({@value #INVALID_SYMBOL}, naming each symbol and why) and
 * changes nothing. When a
 * token is configured ({@code TICKTAPE_API_TOKEN}) every mutating call needs {@code Authorization: Bearer <token>};
 * reads stay open.
 */
public final class StreamingRoutes {
    /** The error code of a start refused because a symbol would be refused by the venue. */
    public static final String INVALID_SYMBOL = "invalid_symbol";

    private final AdapterManager adapters;
    private final StatusBoard board;
    private final BearerToken token;
    private final ObjectMapper json = new ObjectMapper();

    /** @param token the bearer token mutating calls need, or null for none */
    public StreamingRoutes(AdapterManager adapters, StatusBoard board, String token) {
        this.adapters = adapters;
        this.board = board;
        this.token = BearerToken.of(token);
    }

    public void register(HttpEdge http) {
        http.post("/v1/streaming/start", this::start);
        http.post("/v1/streaming/stop", this::stop);
        http.get("/v1/streaming/status", q -> status());
    }

    private HttpEdge.Response start(HttpEdge.Request req) throws IOException {
        HttpEdge.Response refused = guard(req);
        if (refused != null) return refused;
        JsonNode body = body(req);
        String adapter = body.path("adapter").asText("");
        List<String> symbols = new ArrayList<>();
        for (JsonNode s : body.path("symbols")) {
            if (!s.isTextual()) throw new IllegalArgumentException("symbols must be strings, got " + s.getNodeType());
            symbols.add(s.asText()); // as given: each venue has its own case rules
        }
        AdapterManager.Running r;
        try {
            r = adapters.start(adapter, symbols);
        } catch (InvalidSymbolsException e) {
            return HttpEdge.Response.error(400, INVALID_SYMBOL, e.getMessage(), "docs/venues/" + adapter + ".md");
        }
        return HttpEdge.Response.ok(Map.of(
                "adapter", r.kind(), "symbols", r.symbols(), "since", r.since().toString()));
    }

    private HttpEdge.Response stop(HttpEdge.Request req) throws IOException {
        HttpEdge.Response refused = guard(req);
        if (refused != null) return refused;
        String adapter = body(req).path("adapter").asText("");
        return HttpEdge.Response.ok(Map.of("adapter", adapter, "stopped", adapters.stop(adapter)));
    }

    private HttpEdge.Response status() {
        long now = System.currentTimeMillis();
        Map<String, Object> running = new LinkedHashMap<>();
        adapters.running()
                .forEach((k, r) -> running.put(
                        k, Map.of("symbols", r.symbols(), "since", r.since().toString())));
        List<Map<String, Object>> connections = new ArrayList<>();
        for (StatusBoard.Entry e : board.snapshot().values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("venue", e.venue());
            c.put("connection", e.connection());
            c.put("state", e.state().name().toLowerCase(Locale.ROOT));
            c.put("since", Instant.ofEpochMilli(e.sinceMs()).toString());
            // A live reading can be a few ms newer than "now" taken above: never report a negative age.
            c.put("last_message_age_ms", Math.max(0, now - e.lastMessageMs()));
            c.put("reconnects", e.reconnects());
            c.put("messages_per_second", Math.round(e.messagesPerSecond() * 10) / 10.0);
            c.put("detail", e.detail());
            connections.add(c);
        }
        connections.sort((a, b) ->
                (a.get("venue") + ":" + a.get("connection")).compareTo(b.get("venue") + ":" + b.get("connection")));
        return HttpEdge.Response.ok(Map.of("kinds", adapters.kinds(), "running", running, "connections", connections));
    }

    /** The token check; the edge already answered 405 to anything but POST. */
    private HttpEdge.Response guard(HttpEdge.Request req) {
        return token.refuse(req);
    }

    private JsonNode body(HttpEdge.Request req) throws IOException {
        if (req.body().length == 0) throw new IllegalArgumentException("a JSON body is required");
        try {
            return json.readTree(req.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getMessage());
        }
    }
}
