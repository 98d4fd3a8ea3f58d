package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Coverage;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.PageKey;
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
 * {@code GET /v1/bars?symbol=&venue=&interval=1s|1m&from=&to=&limit=&cursor=&source=all|db|state}: bars ordered by
 * start then venue, paged by {@link Paging} (the cursor is the last bar's start and venue). Stored rows come from
 * the database this process owns; with {@code venue} given, 1s bars still in the topology's recent window
 * (including ones not persisted yet) are merged in from the instance that owns the instrument, without duplicates
 * (the higher revision wins, the stored row on a tie). A page takes the state bars after its cursor, merges them
 * with the next {@code limit + 1} stored rows and keeps the first {@code limit}, so a state bar lands on exactly one
 * page. {@code from}/{@code to} are epoch milliseconds or ISO-8601 instants, {@code [from, to)}, default the last
 * hour; {@code venue} omitted means every venue (database only). An instrument neither the store nor the topology
 * knows answers 404 {@code unknown_instrument} with the nearest known symbol; a known one with no bars in range
 * answers 200 with {@code count: 0}. Each bar has a {@code coverage} ({@code complete}, {@code feed_gap},
 * {@code backfilled}, {@code revised}): judged by the store against its gap ledger for stored rows, from the
 * revision alone for bars taken from the topology's state.
 */
public final class BarsRoute implements HttpEdge.Route {
    static final String PATH = "/v1/bars";

    private final BarQueries db;
    private final BarStateQueries state;
    private final Forwarder forwarder;
    private final InstrumentCatalog catalog;
    private final ObjectMapper json = new ObjectMapper();

    /** Either source may be null when this process does not run it; {@code catalog} null skips the typo check. */
    public BarsRoute(BarQueries db, BarStateQueries state, Forwarder forwarder, InstrumentCatalog catalog) {
        if (db == null && state == null) throw new IllegalArgumentException("need a database or topology state");
        this.db = db;
        this.state = state;
        this.forwarder = forwarder;
        this.catalog = catalog;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) throws IOException {
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
        int limit = Paging.limit(q);
        PageKey after = Paging.cursor(q);
        String source = q.getOrDefault("source", "all");
        if (!List.of("all", "db", "state").contains(source))
            throw new IllegalArgumentException("source must be all, db or state");

        // key: start|venue, the page order, so bars of several venues (venue omitted) interleave by time
        TreeMap<String, Map<String, Object>> rows = new TreeMap<>();
        boolean useDb = db != null && !source.equals("state");
        if (useDb) {
            for (StoredBar sb : db.storedBars(interval, venue, symbol, from, to, after, limit + 1)) {
                rows.put(rowKey(sb.bar().tsMs(), sb.bar().venue()), BarJson.of(sb));
            }
        }
        boolean useState = state != null && !source.equals("db") && interval == BarInterval.S1 && venue != null;
        if (useState) {
            HttpEdge.Response unavailable = mergeState(new InstrumentId(venue, symbol), from, to, after, q, rows);
            if (unavailable != null && !useDb) return unavailable;
        } else if (!useDb) {
            throw new IllegalArgumentException(
                    state == null
                            ? "this process has no bar database; use source=state"
                            : "topology state holds 1s bars of one venue: give interval=1s and venue");
        }
        if (rows.isEmpty() && after == null && catalog != null && !Forwarder.forwarded(q)) {
            HttpEdge.Response unknown = catalog.unknown(venue, symbol);
            if (unknown != null) return unknown;
        }
        Paging.Page<Map<String, Object>> page = Paging.of(new ArrayList<>(rows.values()), limit, BarsRoute::key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("symbol", symbol);
        body.put("venue", venue);
        body.put("interval", interval.label());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("limit", limit);
        page.describe(body);
        body.put("bars", page.rows());
        return HttpEdge.Response.ok(body);
    }

    private static PageKey key(Map<String, Object> bar) {
        return PageKey.of(Instant.ofEpochMilli(((Number) bar.get("ts_ms")).longValue()), (String) bar.get("venue"));
    }

    /**
     * Adds the state bars after {@code after} missing from {@code rows} or newer (higher revision) than the stored
     * ones; returns a 503 answer when state cannot be read now, else null. The recent window holds at most 15
     * minutes of 1s bars, so all of them after the cursor are merged and the page cut afterwards.
     */
    private HttpEdge.Response mergeState(
            InstrumentId id,
            Instant from,
            Instant to,
            PageKey after,
            Map<String, String> q,
            TreeMap<String, Map<String, Object>> rows) {
        Instant start = after != null && after.ts().isAfter(from) ? after.ts() : from;
        String afterKey = after == null ? null : rowKey(after.ts().toEpochMilli(), after.tie(0));
        QueryResult<List<Bar>> r = state.recent(id, start, to);
        if (r instanceof QueryResult.Local<List<Bar>> local) {
            for (Bar b : local.value()) newer(rows, afterKey, rowKey(b.tsMs(), b.venue()), BarJson.of(b, null));
            return null;
        }
        if (r instanceof QueryResult.NotFound<List<Bar>>) return null;
        if (r instanceof QueryResult.Remote<List<Bar>> remote) {
            if (Forwarder.forwarded(q)) return Forwarder.unavailable("ownership of " + id + " is moving");
            Map<String, String> fq = new HashMap<>(q);
            fq.put("source", "state");
            fq.put("from", start.toString());
            fq.remove("cursor");
            fq.put("limit", String.valueOf(Paging.MAX_LIMIT)); // the whole window after the cursor; cut here
            HttpEdge.Response resp = forwarder.forward(remote.host(), remote.port(), PATH, fq);
            if (resp.status() != 200) return resp;
            try {
                for (JsonNode b : json.readTree((byte[]) resp.body()).path("bars")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = json.convertValue(b, LinkedHashMap.class);
                    newer(
                            rows,
                            afterKey,
                            rowKey(b.path("ts_ms").asLong(), b.path("venue").asText()),
                            row);
                }
            } catch (IOException e) {
                return Forwarder.unavailable("bad answer from " + remote.host() + ":" + remote.port());
            }
            return null;
        }
        return Forwarder.unavailable(((QueryResult.Unavailable<List<Bar>>) r).reason());
    }

    /**
     * A repeated bar key is a replacement: the higher revision wins, the stored row on a tie. Bars at or before
     * the cursor belong to earlier pages. A gap the store knows for the bar's interval still applies to a newer
     * revision from state, so its coverage is kept.
     */
    private static void newer(
            Map<String, Map<String, Object>> rows, String afterKey, String key, Map<String, Object> bar) {
        if (afterKey != null && key.compareTo(afterKey) <= 0) return;
        rows.merge(key, bar, (stored, fresh) -> {
            if (revision(fresh) <= revision(stored)) return stored;
            Object coverage = stored.get("coverage");
            if (Coverage.FEED_GAP.json().equals(coverage)
                    || Coverage.BACKFILLED.json().equals(coverage)) {
                fresh.put("coverage", coverage);
            }
            return fresh;
        });
    }

    private static long revision(Map<String, Object> bar) {
        return bar.get("revision") instanceof Number n ? n.longValue() : 0;
    }

    /** Sorts like the stored order: start (fixed width, so text order is time order), then venue. */
    private static String rowKey(long ts, String venue) {
        return String.format(Locale.ROOT, "%020d", ts) + "|" + venue;
    }

    static Instant instant(String s, String name) {
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(s)) : Instant.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be epoch milliseconds or an ISO-8601 instant");
        }
    }
}
