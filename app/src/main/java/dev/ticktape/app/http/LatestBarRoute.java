package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.QueryResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/bars/latest?symbol=&venue=&interval=1s|1m}: the last final bar of an instrument, from the
 * topology's state on whichever instance owns it (forwarded there when it is not this one). Like {@code /v1/bars},
 * no {@code venue} means every venue: the answer is the one bar when exactly one venue has the symbol, else
 * {@code {"symbol", "interval", "count", "bars": [...]}} with the latest bar of each venue, ordered by venue.
 * An instrument nobody knows answers 404 {@code unknown_instrument} with the nearest known symbol.
 */
public final class LatestBarRoute implements HttpEdge.Route {
    static final String PATH = "/v1/bars/latest";
    private final BarStateQueries queries;
    private final Forwarder forwarder;
    private final InstrumentCatalog catalog;
    private final ObjectMapper json = new ObjectMapper();

    public LatestBarRoute(BarStateQueries queries, Forwarder forwarder, InstrumentCatalog catalog) {
        this.queries = queries;
        this.forwarder = forwarder;
        this.catalog = catalog;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) throws IOException {
        String symbol = symbol(q);
        BarInterval interval = BarInterval.ofLabel(q.getOrDefault("interval", "1s"));
        String venue = q.get("venue");
        if (venue != null && !venue.isBlank()) {
            InstrumentId id = new InstrumentId(venue.toLowerCase(Locale.ROOT), symbol);
            HttpEdge.Response r = one(id, interval, q);
            if (r.status() != 404 || Forwarder.forwarded(q)) return r;
            HttpEdge.Response unknown = catalog.unknown(id.venue(), symbol);
            return unknown != null ? unknown : r;
        }
        InstrumentCatalog.Snapshot known = catalog.snapshot();
        List<String> venues = known.venuesOf(symbol);
        if (venues.isEmpty()) {
            HttpEdge.Response unknown = catalog.unknown(null, symbol);
            if (unknown != null) return unknown;
            return HttpEdge.Response.error(404, "no " + interval.label() + " bar yet for " + symbol);
        }
        if (venues.size() == 1) return one(new InstrumentId(venues.get(0), symbol), interval, q);
        List<Object> bars = new ArrayList<>();
        for (String v : venues) {
            Map<String, String> vq = new HashMap<>(q);
            vq.put("venue", v);
            HttpEdge.Response r = one(new InstrumentId(v, symbol), interval, vq);
            if (r.status() == 404) continue; // stored, but no bar of this interval in state (yet)
            if (r.status() != 200) return r; // one owner rebalancing: the whole answer waits (503)
            bars.add(r.body() instanceof byte[] raw ? json.readTree(raw) : r.body());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("symbol", symbol);
        body.put("interval", interval.label());
        body.put("count", bars.size());
        body.put("bars", bars);
        return HttpEdge.Response.ok(body);
    }

    /** The latest bar of one instrument, answered here or by its owner (the query must name the venue). */
    private HttpEdge.Response one(InstrumentId id, BarInterval interval, Map<String, String> q) {
        QueryResult<Bar> r = queries.latest(id, interval);
        if (r instanceof QueryResult.Local<Bar> local) return HttpEdge.Response.ok(BarJson.of(local.value(), null));
        if (r instanceof QueryResult.NotFound<Bar>) {
            return HttpEdge.Response.error(404, "no " + interval.label() + " bar yet for " + id);
        }
        if (r instanceof QueryResult.Remote<Bar> remote) {
            if (Forwarder.forwarded(q)) return Forwarder.unavailable("ownership of " + id + " is moving");
            Map<String, String> fq = new HashMap<>(q);
            fq.put("venue", id.venue());
            return forwarder.forward(remote.host(), remote.port(), PATH, fq);
        }
        return Forwarder.unavailable(((QueryResult.Unavailable<Bar>) r).reason());
    }

    private static String symbol(Map<String, String> q) {
        String symbol = q.get("symbol");
        if (symbol == null || symbol.isBlank()) throw new IllegalArgumentException("symbol is required");
        return symbol.toUpperCase(Locale.ROOT);
    }

    /**
     * Venue and symbol of a one-instrument route. {@code venue} is required: no venue means every venue elsewhere
     * in the API, which a one-instrument answer cannot be.
     */
    static InstrumentId instrument(Map<String, String> q) {
        String symbol = symbol(q);
        String venue = q.get("venue");
        if (venue == null || venue.isBlank()) throw new IllegalArgumentException("venue is required");
        return new InstrumentId(venue.toLowerCase(Locale.ROOT), symbol);
    }
}
