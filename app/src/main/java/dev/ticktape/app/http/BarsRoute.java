package dev.ticktape.app.http;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.StoredBar;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/bars?symbol=&venue=&interval=1s|1m&from=&to=&limit=}: stored bars from the database this process
 * owns, oldest first. {@code from}/{@code to} are epoch milliseconds or ISO-8601 instants, {@code [from, to)};
 * without them the last hour; {@code venue} omitted means every venue.
 */
public final class BarsRoute implements HttpEdge.Route {
    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 1_000_000;

    private final BarQueries queries;

    public BarsRoute(BarQueries queries) {
        this.queries = queries;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) {
        String symbol = q.get("symbol");
        if (symbol == null || symbol.isBlank()) throw new IllegalArgumentException("symbol is required");
        symbol = symbol.toUpperCase(Locale.ROOT);
        String venue = q.get("venue");
        venue = venue == null || venue.isBlank() ? null : venue.toLowerCase(Locale.ROOT);
        BarInterval interval = BarInterval.ofLabel(q.getOrDefault("interval", "1s"));
        Instant to = q.containsKey("to") ? instant(q.get("to"), "to") : Instant.now().plusSeconds(1);
        Instant from = q.containsKey("from") ? instant(q.get("from"), "from") : to.minusSeconds(3600);
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        int limit = q.containsKey("limit") ? parseLimit(q.get("limit")) : DEFAULT_LIMIT;

        List<Map<String, Object>> bars = new ArrayList<>();
        for (StoredBar sb : queries.storedBars(interval, venue, symbol, from, to, limit)) {
            bars.add(json(sb));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("symbol", symbol);
        body.put("venue", venue);
        body.put("interval", interval.label());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("count", bars.size());
        body.put("bars", bars);
        return HttpEdge.Response.ok(body);
    }

    private static Map<String, Object> json(StoredBar sb) {
        Bar b = sb.bar();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("venue", b.venue());
        m.put("symbol", b.symbol());
        m.put("ts_ms", b.tsMs());
        m.put("time", Instant.ofEpochMilli(b.tsMs()).toString());
        m.put("open", b.open());
        m.put("high", b.high());
        m.put("low", b.low());
        m.put("close", b.close());
        m.put("volume", b.volume());
        m.put("vwap", b.vwap());
        m.put("trades", b.trades());
        m.put("source_file", b.source());
        m.put("ingested_at", sb.ingestedAt().toString());
        return m;
    }

    private static int parseLimit(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be an integer");
        }
    }

    static Instant instant(String s, String name) {
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(s)) : Instant.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be epoch milliseconds or an ISO-8601 instant");
        }
    }
}
