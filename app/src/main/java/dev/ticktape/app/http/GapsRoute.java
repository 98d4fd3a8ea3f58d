package dev.ticktape.app.http;

import dev.ticktape.model.Gap;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredGap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/gaps?venue=&symbol=&from=&to=&limit=&cursor=}: the stored gap ledger (docs/data-quality.md), the
 * latest record of each gap identity, for gaps that overlap {@code [from, to)} (an open gap reaches every later
 * time). {@code symbol} keeps the gaps that name that instrument or name none (the whole connection). Ordered by
 * start, venue, connection and cause, paged by {@link Paging}. {@code from}/{@code to} as in {@code /v1/bars},
 * default the last 24 hours: gaps are rare, and an hour would mostly answer nothing.
 */
public final class GapsRoute implements HttpEdge.Route {
    public static final String PATH = "/v1/gaps";
    private static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    private final GapQueries queries;

    public GapsRoute(GapQueries queries) {
        this.queries = queries;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) {
        String venue = blankToNull(q.get("venue"));
        venue = venue == null ? null : venue.toLowerCase(Locale.ROOT);
        String symbol = blankToNull(q.get("symbol"));
        symbol = symbol == null ? null : symbol.toUpperCase(Locale.ROOT);
        try {
            // The model's own checks, so a filter can only name what a gap could carry.
            new InstrumentId(venue == null ? "any" : venue, symbol == null ? "X" : symbol);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Instant to = q.containsKey("to")
                ? BarsRoute.instant(q.get("to"), "to")
                : Instant.now().plusSeconds(1);
        Instant from = q.containsKey("from") ? BarsRoute.instant(q.get("from"), "from") : to.minus(DEFAULT_SPAN);
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        int limit = Paging.limit(q);
        PageKey after = Paging.cursor(q);
        if (after != null && after.ties().size() != 3) {
            throw new IllegalArgumentException("cursor is not one this API handed out (use the 'next' of a page)");
        }
        Paging.Page<StoredGap> page = Paging.of(
                queries.gaps(venue, symbol, from, to, after, limit + 1),
                limit,
                s -> PageKey.of(
                        Instant.ofEpochMilli(s.gap().tsMs()),
                        s.gap().venue(),
                        s.gap().symbol(),
                        s.gap().cause().json()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredGap s : page.rows()) rows.add(json(s));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("venue", venue);
        body.put("symbol", symbol);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("limit", limit);
        page.describe(body);
        body.put("gaps", rows);
        return HttpEdge.Response.ok(body);
    }

    /** One gap: the record's fields, its end or null with {@code open: true}, and when its row was written. */
    static Map<String, Object> json(StoredGap s) {
        Gap g = s.gap();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("venue", g.venue());
        m.put("connection", g.symbol());
        m.put("from_ms", g.tsMs());
        m.put("from", Instant.ofEpochMilli(g.tsMs()).toString());
        m.put("to_ms", g.toMs());
        m.put("to", g.toMs() == null ? null : Instant.ofEpochMilli(g.toMs()).toString());
        m.put("open", g.isOpen());
        m.put("instruments", g.instruments());
        m.put("all_instruments", g.allInstruments());
        m.put("cause", g.cause().json());
        m.put("recovery", g.recovery().json());
        m.put("recovered", g.recovered());
        m.put("detail", g.detail());
        m.put("recv_ms", g.recvMs());
        m.put("ingested_at", s.ingestedAt().toString());
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
