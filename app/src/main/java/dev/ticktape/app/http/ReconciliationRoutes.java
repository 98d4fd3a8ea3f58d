package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.persistence.BarReconciliation;
import dev.ticktape.persistence.ReconciliationStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The reconciliation against the venues' own bars (docs/reconciliation.md): the rows and counts per status. */
public final class ReconciliationRoutes {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> STATUSES = Set.of("matched", "mismatched", "missing_ours", "missing_theirs");

    private ReconciliationRoutes() {}

    /**
     * {@code GET /v1/reconciliation?venue=&symbol=&interval=&status=&from=&to=&limit=}: rows whose bar starts in
     * {@code [from, to)} (default: the last hour), ordered by bar start, venue, symbol, interval; at most
     * {@code limit} (default 1000), with {@code truncated} true when more matched.
     */
    public static final class Rows implements HttpEdge.Route {
        private final ReconciliationStore store;

        public Rows(ReconciliationStore store) {
            this.store = store;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) throws IOException {
            Instant[] range = OptionsRoutes.range(q);
            int limit = Paging.limit(q);
            List<BarReconciliation> found = store.rows(
                    lower(q.get("venue")),
                    upper(q.get("symbol")),
                    interval(q.get("interval")),
                    status(q.get("status")),
                    range[0],
                    range[1],
                    limit + 1);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BarReconciliation r : found.subList(0, Math.min(limit, found.size()))) rows.add(row(r));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", range[0].toString());
            body.put("to", range[1].toString());
            body.put("limit", limit);
            body.put("count", rows.size());
            body.put("truncated", found.size() > limit);
            body.put("rows", rows);
            return HttpEdge.Response.ok(body);
        }
    }

    /**
     * {@code GET /v1/reconciliation/summary?venue=&symbol=&interval=&from=&to=}: rows per status (every status
     * present, 0 when none) over the same filters.
     */
    public static final class Summary implements HttpEdge.Route {
        private final ReconciliationStore store;

        public Summary(ReconciliationStore store) {
            this.store = store;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) {
            Instant[] range = OptionsRoutes.range(q);
            Map<String, Long> found = store.countByStatus(
                    lower(q.get("venue")), upper(q.get("symbol")), interval(q.get("interval")), range[0], range[1]);
            Map<String, Object> counts = new LinkedHashMap<>();
            long total = 0;
            for (String s : List.of("matched", "mismatched", "missing_ours", "missing_theirs")) {
                long n = found.getOrDefault(s, 0L);
                counts.put(s, n);
                total += n;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", range[0].toString());
            body.put("to", range[1].toString());
            body.put("total", total);
            body.put("by_status", counts);
            return HttpEdge.Response.ok(body);
        }
    }

    private static Map<String, Object> row(BarReconciliation r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("venue", r.venue());
        m.put("symbol", r.symbol());
        m.put("interval", r.interval());
        m.put("ts", Instant.ofEpochMilli(r.tsMs()).toString());
        m.put("ts_ms", r.tsMs());
        m.put("status", r.status());
        m.put("fields_differing", r.fieldsDiffering());
        m.put("ours", json(r.ours()));
        m.put("theirs", json(r.theirs()));
        m.put("checked_at", Instant.ofEpochMilli(r.checkedAtMs()).toString());
        return m;
    }

    private static JsonNode json(String s) throws IOException {
        return s == null ? null : MAPPER.readTree(s);
    }

    private static String status(String s) {
        if (s == null || s.isBlank()) return null;
        String v = s.toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(v)) throw new IllegalArgumentException("status must be one of " + STATUSES);
        return v;
    }

    private static String interval(String s) {
        if (s == null || s.isBlank()) return null;
        if (!s.equals("1m") && !s.equals("1s")) throw new IllegalArgumentException("interval must be 1m or 1s");
        return s;
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s == null || s.isBlank() ? null : s.toUpperCase(Locale.ROOT);
    }
}
