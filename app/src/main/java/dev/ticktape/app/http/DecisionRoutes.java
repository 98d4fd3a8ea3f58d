package dev.ticktape.app.http;

import dev.ticktape.model.Decision;
import dev.ticktape.persistence.DecisionQueries;
import dev.ticktape.persistence.StoredDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stored decisions (docs/decisions.md): the actions, paged like the bars, and the latest per instrument. */
public final class DecisionRoutes {
    private DecisionRoutes() {}

    /**
     * {@code GET /v1/decisions?venue=&symbol=&run_id=&from=&to=&limit=&cursor=}: rows of {@code stream_actions}
     * whose bar starts in {@code [from, to)} (default: the last hour), ordered by time, venue, symbol, run id.
     */
    public static final class Actions implements HttpEdge.Route {
        private final DecisionQueries queries;

        public Actions(DecisionQueries queries) {
            this.queries = queries;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) {
            Instant[] range = OptionsRoutes.range(q);
            int limit = Paging.limit(q);
            Paging.Page<StoredDecision> page = Paging.of(
                    queries.actions(
                            lower(q.get("venue")),
                            upper(q.get("symbol")),
                            q.get("run_id"),
                            range[0],
                            range[1],
                            Paging.cursor(q),
                            limit + 1),
                    limit,
                    StoredDecision::pageKey);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredDecision d : page.rows()) rows.add(row(d));
            return HttpEdge.Response.ok(OptionsRoutes.body(limit, page, "decisions", rows));
        }
    }

    /** {@code GET /v1/decisions/latest?venue=&symbol=}: {@code stream_actions_latest}, by venue and symbol. */
    public static final class Latest implements HttpEdge.Route {
        private final DecisionQueries queries;

        public Latest(DecisionQueries queries) {
            this.queries = queries;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredDecision d : queries.latest(lower(q.get("venue")), upper(q.get("symbol")))) rows.add(row(d));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", rows.size());
            body.put("decisions", rows);
            return HttpEdge.Response.ok(body);
        }
    }

    private static Map<String, Object> row(StoredDecision stored) {
        Decision d = stored.decision();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", d.runId());
        m.put("venue", d.venue());
        m.put("symbol", d.symbol());
        m.put("timestamp", Instant.ofEpochMilli(d.tsMs()).toString());
        m.put("close", d.close());
        m.put("state", d.state());
        m.put("direction", d.direction());
        m.put("target_exposure", d.targetExposure());
        m.put("delta_exposure", d.deltaExposure());
        m.put("urgency", d.urgency());
        m.put("hold", d.hold());
        m.put("actionability", d.actionability());
        m.put("reason", d.reason());
        m.put("gate_open", d.gateOpen());
        m.put("posture", d.posture().name());
        m.put("cost", d.cost());
        m.put("ingested_at", stored.ingestedAt().toString());
        return m;
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s == null || s.isBlank() ? null : s.toUpperCase(Locale.ROOT);
    }
}
