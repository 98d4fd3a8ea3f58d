package dev.ticktape.app.push;

import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.http.SseStream;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.InvalidEventException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/stream?kind=bars|quotes|book|greeks|alerts|summaries|features|decisions|gaps[&venue=V]
 * [&symbols=A,B][&interval=1s|1m][&coalesce_ms=N]}: live events as server-sent events (see docs/streaming-api.md).
 * Validates before anything is
 * streamed, so every refusal is a JSON error: 400 for a bad parameter (listing the valid kinds when the kind is
 * wrong), 503 with {@code Retry-After} when the process has no room for another client. {@code coalesce_ms} (0 to
 * 5000, default 0) writes at most one burst per that many milliseconds: a page that redraws twice a second asks for
 * 250 and costs the server four writes a second instead of one per event.
 */
public final class StreamRoute implements HttpEdge.StreamRoute {
    public static final String PATH = "/v1/stream";
    private static final Set<String> PARAMS = Set.of("kind", "venue", "symbols", "interval", "coalesce_ms");
    private static final int MAX_COALESCE_MS = 5000;
    private static final int MAX_SYMBOLS = 1000;

    private final StreamHub hub;

    public StreamRoute(StreamHub hub) {
        this.hub = hub;
    }

    /** A validated subscription. */
    record Subscription(StreamKind kind, String topic, StreamFilter filter, int coalesceMs) {}

    @Override
    public HttpEdge.Response open(HttpEdge.Request request, SseStream stream) throws Exception {
        Map<String, String> q = request.query();
        String kindParam = q.get("kind");
        StreamKind kind = kindParam == null ? null : StreamKind.parse(kindParam);
        if (kind == null) return badKind(kindParam);
        Subscription s = parse(kind, q);
        return hub.open(s.kind(), s.topic(), s.filter(), s.coalesceMs(), stream);
    }

    /** Validates the parameters other than {@code kind}; a bad one is an {@link IllegalArgumentException} (400). */
    static Subscription parse(StreamKind kind, Map<String, String> q) {
        for (String name : q.keySet()) {
            if (!PARAMS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name
                        + "'; use kind, venue, symbols, interval (bars only), coalesce_ms");
            }
        }
        String interval = q.getOrDefault("interval", kind == StreamKind.BARS ? "1s" : null);
        if (kind == StreamKind.BARS) {
            if (!interval.equals("1s") && !interval.equals("1m"))
                throw new IllegalArgumentException("interval must be 1s or 1m");
        } else if (interval != null) {
            throw new IllegalArgumentException("interval applies to kind=bars only");
        }
        String venue = blankToNull(q.get("venue"));
        Set<String> symbols = new LinkedHashSet<>();
        String raw = blankToNull(q.get("symbols"));
        if (raw != null) {
            if (kind == StreamKind.ALERTS) throw new IllegalArgumentException("alerts are filtered by venue only");
            Arrays.stream(raw.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(s -> s.toUpperCase(Locale.ROOT))
                    .forEach(symbols::add);
            if (symbols.size() > MAX_SYMBOLS)
                throw new IllegalArgumentException("at most " + MAX_SYMBOLS + " symbols per stream");
        }
        try {
            // The model's own checks, so a filter can only name what an event could carry.
            for (String s : symbols) new InstrumentId(venue == null ? "any" : venue, s);
            if (venue != null) new InstrumentId(venue, "X");
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return new Subscription(kind, kind.topic(interval), new StreamFilter(venue, symbols), coalesce(q));
    }

    private static int coalesce(Map<String, String> q) {
        String raw = blankToNull(q.get("coalesce_ms"));
        if (raw == null) return 0;
        int ms;
        try {
            ms = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0 || ms > MAX_COALESCE_MS) {
            throw new IllegalArgumentException("coalesce_ms must be a whole number from 0 to " + MAX_COALESCE_MS);
        }
        return ms;
    }

    private static HttpEdge.Response badKind(String given) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "error",
                (given == null ? "missing kind" : "unknown kind '" + given + "'") + "; use one of "
                        + String.join(", ", StreamKind.enabled()));
        body.put("status", 400);
        body.put("kinds", List.copyOf(StreamKind.enabled()));
        return new HttpEdge.Response(400, body, Map.of());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Closing the edge ends every stream. */
    @Override
    public void close() {
        hub.close();
    }
}
