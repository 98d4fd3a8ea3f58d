package dev.ticktape.app.http;

import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.topology.query.BookQueries;
import dev.ticktape.topology.query.QueryResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/book?venue=&symbol=&depth=}: the latest order book from topology state, on its owning instance.
 * {@code venue} is required (it used to default to {@code ndjson}, which has no books).
 */
public final class BookRoute implements HttpEdge.Route {
    static final String PATH = "/v1/book";
    private final BookQueries queries;
    private final Forwarder forwarder;

    public BookRoute(BookQueries queries, Forwarder forwarder) {
        this.queries = queries;
        this.forwarder = forwarder;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) {
        InstrumentId id = LatestBarRoute.instrument(q);
        int depth;
        try {
            depth = Integer.parseInt(q.getOrDefault("depth", "10"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("depth must be an integer");
        }
        if (depth < 1 || depth > 5000) throw new IllegalArgumentException("depth must be 1..5000");
        QueryResult<BookUpdate> r = queries.book(id, depth);
        if (r instanceof QueryResult.Local<BookUpdate> local) {
            BookUpdate b = local.value();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("venue", b.venue());
            m.put("symbol", b.symbol());
            m.put("ts_ms", b.tsMs());
            m.put("time", Instant.ofEpochMilli(b.tsMs()).toString());
            m.put("seq", b.lastSeq());
            m.put("bids", levels(b.bids()));
            m.put("asks", levels(b.asks()));
            return HttpEdge.Response.ok(m);
        }
        if (r instanceof QueryResult.NotFound<BookUpdate>) return HttpEdge.Response.error(404, "no book for " + id);
        if (r instanceof QueryResult.Remote<BookUpdate> remote) {
            if (Forwarder.forwarded(q)) return Forwarder.unavailable("ownership of " + id + " is moving");
            return forwarder.forward(remote.host(), remote.port(), PATH, q);
        }
        return Forwarder.unavailable(((QueryResult.Unavailable<BookUpdate>) r).reason());
    }

    private static List<double[]> levels(List<BookUpdate.Level> side) {
        return side.stream().map(l -> new double[] {l.price(), l.qty()}).toList();
    }
}
