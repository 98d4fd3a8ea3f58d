package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.StoredBar;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.QueryResult;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/bars?symbol=&venue=&interval=1s|1m&from=&to=&limit=&source=all|db|state}: bars oldest first.
 * Stored rows come from the database this process owns; with {@code venue} given, 1s bars still in the topology's
 * recent window (including ones not persisted yet) are merged in from the instance that owns the instrument, without
 * duplicates (a stored row wins). {@code from}/{@code to} are epoch milliseconds or ISO-8601 instants,
 * {@code [from, to)}, default the last hour; {@code venue} omitted means every venue (database only).
 */
public final class BarsRoute implements HttpEdge.Route {
    static final String PATH = "/v1/bars";
    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 1_000_000;

    private final BarQueries db;
    private final BarStateQueries state;
    private final Forwarder forwarder;
    private final ObjectMapper json = new ObjectMapper();

    /** Either source may be null when this process does not run it. */
    public BarsRoute(BarQueries db, BarStateQueries state, Forwarder forwarder) {
        if (db == null && state == null) throw new IllegalArgumentException("need a database or topology state");
        this.db = db;
        this.state = state;
        this.forwarder = forwarder;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) {
        String symbol = q.get("symbol");
        if (symbol == null || symbol.isBlank()) throw new IllegalArgumentException("symbol is required");
        symbol = symbol.toUpperCase(Locale.ROOT);
        String venue = q.get("venue");
        venue = venue == null || venue.isBlank() ? null : venue.toLowerCase(Locale.ROOT);
        BarInterval interval = BarInterval.ofLabel(q.getOrDefault("interval", "1s"));
        Instant to =
                q.containsKey("to") ? instant(q.get("to"), "to") : Instant.now().plusSeconds(1);
        Instant from = q.containsKey("from") ? instant(q.get("from"), "from") : to.minusSeconds(3600);
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        int limit = q.containsKey("limit") ? parseLimit(q.get("limit")) : DEFAULT_LIMIT;
        String source = q.getOrDefault("source", "all");
        if (!List.of("all", "db", "state").contains(source))
            throw new IllegalArgumentException("source must be all, db or state");

        // key: venue|ts so bars of several venues (venue omitted) stay apart
        TreeMap<String, Map<String, Object>> rows = new TreeMap<>();
        boolean useDb = db != null && !source.equals("state");
        if (useDb) {
            for (StoredBar sb : db.storedBars(interval, venue, symbol, from, to, limit)) {
                rows.put(rowKey(sb.bar().venue(), sb.bar().tsMs()), BarJson.of(sb.bar(), sb.ingestedAt()));
            }
        }
        boolean useState = state != null && !source.equals("db") && interval == BarInterval.S1 && venue != null;
        if (useState) {
            HttpEdge.Response unavailable = mergeState(new InstrumentId(venue, symbol), from, to, q, rows);
            if (unavailable != null && !useDb) return unavailable;
        } else if (!useDb) {
            throw new IllegalArgumentException(
                    state == null
                            ? "this process has no bar database; use source=state"
                            : "topology state holds 1s bars of one venue: give interval=1s and venue");
        }
        List<Map<String, Object>> bars = new ArrayList<>(rows.values());
        if (bars.size() > limit) bars = bars.subList(0, limit);
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

    /**
     * Adds state bars missing from {@code rows} or newer (higher revision) than the stored ones; returns a 503 answer
     * when state cannot be read now, else null.
     */
    private HttpEdge.Response mergeState(
            InstrumentId id,
            Instant from,
            Instant to,
            Map<String, String> q,
            TreeMap<String, Map<String, Object>> rows) {
        QueryResult<List<Bar>> r = state.recent(id, from, to);
        if (r instanceof QueryResult.Local<List<Bar>> local) {
            for (Bar b : local.value()) newer(rows, rowKey(b.venue(), b.tsMs()), BarJson.of(b, null));
            return null;
        }
        if (r instanceof QueryResult.NotFound<List<Bar>>) return null;
        if (r instanceof QueryResult.Remote<List<Bar>> remote) {
            if (Forwarder.forwarded(q)) return Forwarder.unavailable("ownership of " + id + " is moving");
            Map<String, String> fq = new HashMap<>(q);
            fq.put("source", "state");
            HttpEdge.Response resp = forwarder.forward(remote.host(), remote.port(), PATH, fq);
            if (resp.status() != 200) return resp;
            try {
                for (JsonNode b : json.readTree((byte[]) resp.body()).path("bars")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = json.convertValue(b, LinkedHashMap.class);
                    newer(rows, rowKey(b.path("venue").asText(), b.path("ts_ms").asLong()), row);
                }
            } catch (IOException e) {
                return Forwarder.unavailable("bad answer from " + remote.host() + ":" + remote.port());
            }
            return null;
        }
        return Forwarder.unavailable(((QueryResult.Unavailable<List<Bar>>) r).reason());
    }

    /** A repeated bar key is a replacement: the higher revision wins, the stored row on a tie. */
    private static void newer(Map<String, Map<String, Object>> rows, String key, Map<String, Object> bar) {
        rows.merge(key, bar, (stored, fresh) -> revision(fresh) > revision(stored) ? fresh : stored);
    }

    private static long revision(Map<String, Object> bar) {
        return bar.get("revision") instanceof Number n ? n.longValue() : 0;
    }

    private static String rowKey(String venue, long ts) {
        return venue + "|" + String.format(Locale.ROOT, "%020d", ts);
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
