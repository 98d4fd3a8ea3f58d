package dev.ticktape.app.http;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.QueryResult;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/bars/latest?venue=&symbol=&interval=1s|1m}: the last final bar of an instrument, from the
 * topology's state on whichever instance owns it (forwarded there when it is not this one).
 */
public final class LatestBarRoute implements HttpEdge.Route {
    static final String PATH = "/v1/bars/latest";
    private final BarStateQueries queries;
    private final Forwarder forwarder;

    public LatestBarRoute(BarStateQueries queries, Forwarder forwarder) {
        this.queries = queries;
        this.forwarder = forwarder;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) {
        InstrumentId id = instrument(q);
        BarInterval interval = BarInterval.ofLabel(q.getOrDefault("interval", "1s"));
        QueryResult<Bar> r = queries.latest(id, interval);
        if (r instanceof QueryResult.Local<Bar> local) return HttpEdge.Response.ok(BarJson.of(local.value(), null));
        if (r instanceof QueryResult.NotFound<Bar>) {
            return HttpEdge.Response.error(404, "no " + interval.label() + " bar yet for " + id);
        }
        if (r instanceof QueryResult.Remote<Bar> remote) {
            if (Forwarder.forwarded(q)) return Forwarder.unavailable("ownership of " + id + " is moving");
            return forwarder.forward(remote.host(), remote.port(), PATH, q);
        }
        return Forwarder.unavailable(((QueryResult.Unavailable<Bar>) r).reason());
    }

    /** {@code venue} defaults to the NDJSON gateway's label. */
    static InstrumentId instrument(Map<String, String> q) {
        String symbol = q.get("symbol");
        if (symbol == null || symbol.isBlank()) throw new IllegalArgumentException("symbol is required");
        String venue = q.getOrDefault("venue", "ndjson");
        return new InstrumentId(venue.toLowerCase(Locale.ROOT), symbol.toUpperCase(Locale.ROOT));
    }
}
