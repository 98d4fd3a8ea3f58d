package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.topology.query.LatestValueQueries;
import dev.ticktape.topology.query.QueryResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /v1/summaries/latest?symbol=&venue=&window=60s} and {@code GET /v1/features/latest?symbol=&venue=
 * &interval=1m}: the newest summary or feature set of an instrument, straight from the analytics application's
 * state on whichever instance owns it (forwarded there when it is not this one), as its event JSON. No
 * {@code venue} means every venue that has the symbol: one answer when one venue has it, else
 * {@code {"symbol", "count", "items": [...]}}. With the computation off the answer is 404 {@code off} with the
 * flag that turns it on.
 */
public final class LatestAnalyticsRoute implements HttpEdge.Route {
    private final String path;
    private final String what;
    private final String flag;
    private final LatestValueQueries queries;
    private final Function<Map<String, String>, String> prefix;
    private final Forwarder forwarder;
    private final InstrumentCatalog catalog;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param path    the route's path, for forwarding
     * @param what    what it answers, e.g. {@code summary}, in messages
     * @param flag    the flag that turns the computation on, for the hint when it is off
     * @param queries the latest-value store's queries; null when the computation is off
     * @param prefix  the store key prefix a request asks for (window length, bar interval); throws
     *                IllegalArgumentException (400) on a bad parameter
     */
    public LatestAnalyticsRoute(
            String path,
            String what,
            String flag,
            LatestValueQueries queries,
            Function<Map<String, String>, String> prefix,
            Forwarder forwarder,
            InstrumentCatalog catalog) {
        this.path = path;
        this.what = what;
        this.flag = flag;
        this.queries = queries;
        this.prefix = prefix;
        this.forwarder = forwarder;
        this.catalog = catalog;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) throws IOException {
        if (queries == null) {
            return HttpEdge.Response.error(
                    404, "off", what + " computation is off in this process", "start it with " + flag);
        }
        String symbol = q.get("symbol");
        if (symbol == null || symbol.isBlank()) throw new IllegalArgumentException("symbol is required");
        symbol = symbol.toUpperCase(Locale.ROOT);
        String key = prefix.apply(q);
        String venue = q.get("venue");
        if (venue != null && !venue.isBlank()) {
            InstrumentId id = new InstrumentId(venue.toLowerCase(Locale.ROOT), symbol);
            HttpEdge.Response r = one(id, key, q);
            if (r.status() != 404 || Forwarder.forwarded(q)) return r;
            HttpEdge.Response unknown = catalog.unknown(id.venue(), symbol);
            return unknown != null ? unknown : r;
        }
        List<String> venues = catalog.snapshot().venuesOf(symbol);
        if (venues.isEmpty()) {
            HttpEdge.Response unknown = catalog.unknown(null, symbol);
            return unknown != null ? unknown : HttpEdge.Response.error(404, "no " + what + " yet for " + symbol);
        }
        if (venues.size() == 1) return one(new InstrumentId(venues.get(0), symbol), key, q);
        List<Object> items = new ArrayList<>();
        for (String v : venues) {
            Map<String, String> vq = new HashMap<>(q);
            vq.put("venue", v);
            HttpEdge.Response r = one(new InstrumentId(v, symbol), key, vq);
            if (r.status() == 404) continue;
            if (r.status() != 200) return r;
            items.add(r.body() instanceof byte[] raw ? json.readTree(raw) : r.body());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("symbol", symbol);
        body.put("count", items.size());
        body.put("items", items);
        return HttpEdge.Response.ok(body);
    }

    /**
     * The summaries' key prefix: {@code window} ({@code 60s}, {@code 5m} or milliseconds; default the shortest
     * window computed), which must be one of {@code windows}.
     */
    public static Function<Map<String, String>, String> windowPrefix(List<Duration> windows) {
        return q -> {
            String w = q.get("window");
            if (w == null || w.isBlank()) return String.valueOf(windows.get(0).toMillis());
            long ms = AnalyticsRoutes.windowMillis(w);
            for (Duration d : windows) {
                if (d.toMillis() == ms) return String.valueOf(ms);
            }
            throw new IllegalArgumentException("window " + w + " is not computed; windows: "
                    + windows.stream().map(d -> d.toSeconds() + "s").toList());
        };
    }

    /** The features' key prefix: {@code interval} ({@code 1m} default, or {@code 1s}), one of {@code intervals}. */
    public static Function<Map<String, String>, String> intervalPrefix(Set<BarInterval> intervals) {
        return q -> {
            BarInterval i = BarInterval.ofLabel(q.getOrDefault("interval", "1m"));
            if (!intervals.contains(i)) {
                throw new IllegalArgumentException("features are not computed on " + i.label() + " bars; intervals: "
                        + intervals.stream().map(BarInterval::label).toList());
            }
            return i.label();
        };
    }

    private HttpEdge.Response one(InstrumentId id, String key, Map<String, String> q) {
        QueryResult<byte[]> r = queries.get(id, key);
        if (r instanceof QueryResult.Local<byte[]> local) return HttpEdge.Response.ok(local.value());
        if (r instanceof QueryResult.NotFound<byte[]>) {
            return HttpEdge.Response.error(404, "no " + what + " yet for " + id + " (" + key + ")");
        }
        if (r instanceof QueryResult.Remote<byte[]> remote) {
            if (Forwarder.forwarded(q)) return Forwarder.unavailable("ownership of " + id + " is moving");
            Map<String, String> fq = new HashMap<>(q);
            fq.put("venue", id.venue());
            return forwarder.forward(remote.host(), remote.port(), path, fq);
        }
        return Forwarder.unavailable(((QueryResult.Unavailable<byte[]>) r).reason());
    }
}
