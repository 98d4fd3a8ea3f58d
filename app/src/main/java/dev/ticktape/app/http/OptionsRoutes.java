package dev.ticktape.app.http;

import dev.ticktape.model.Execution;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.GreeksSnapshot;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredExecution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Stored option data from the database this process owns: Greeks snapshots and account executions. */
public final class OptionsRoutes {
    private OptionsRoutes() {}

    /**
     * {@code GET /v1/greeks/snapshots?broker=&account=&contract=&from=&to=&limit=&cursor=} ({@code contract} = OCC):
     * ordered by time then contract, paged by {@link Paging}.
     */
    public static final class Snapshots implements HttpEdge.Route {
        private final GreeksSnapshotQueries queries;

        public Snapshots(GreeksSnapshotQueries queries) {
            this.queries = queries;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) {
            String broker = q.get("broker");
            if (broker == null || broker.isBlank()) throw new IllegalArgumentException("broker is required");
            Instant[] range = range(q);
            int limit = Paging.limit(q);
            Paging.Page<GreeksSnapshot> page = Paging.of(
                    queries.snapshots(
                            broker.toLowerCase(Locale.ROOT),
                            q.get("account"),
                            q.get("contract"),
                            range[0],
                            range[1],
                            Paging.cursor(q),
                            limit + 1),
                    limit,
                    s -> PageKey.of(s.ts(), s.contract().occ()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GreeksSnapshot s : page.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("broker", s.broker());
                m.put("account", s.account());
                m.put("contract", s.contract().occ());
                m.put("underlying", s.contract().underlying());
                m.put("expiry", s.contract().expiry().toString());
                m.put("strike", s.contract().strike());
                m.put("right", String.valueOf(s.contract().right()));
                m.put("ts", s.ts().toString());
                m.put("delta", s.delta());
                m.put("gamma", s.gamma());
                m.put("theta", s.theta());
                m.put("vega", s.vega());
                m.put("rho", s.rho());
                m.put("iv", s.iv());
                m.put("underlying_price", s.underlyingPrice());
                m.put("mark", s.mark());
                m.put("received_at", s.receivedAt().toString());
                m.put("persisted_at", s.persistedAt().toString());
                // Only realtime values are current: a delayed or frozen snapshot says so on every row.
                m.put("availability", s.availability().json());
                rows.add(m);
            }
            return HttpEdge.Response.ok(body(limit, page, "snapshots", rows));
        }
    }

    /**
     * {@code GET /v1/executions?broker=&account=&from=&to=&limit=&cursor=}: account executions (fills), ordered by
     * time, broker and exec id, paged by {@link Paging}, listed under {@code executions}. Also served as {@code GET /v1/trades}, the old name, which lists them under {@code trades}.
     */
    public static final class Executions implements HttpEdge.Route {
        private final ExecutionQueries queries;
        private final String listName;

        /** @param listName the JSON field holding the rows: {@code executions}, or {@code trades} on the old path */
        public Executions(ExecutionQueries queries, String listName) {
            this.queries = queries;
            this.listName = listName;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) {
            String broker = q.get("broker");
            Instant[] range = range(q);
            int limit = Paging.limit(q);
            Paging.Page<StoredExecution> page = Paging.of(
                    queries.executions(
                            broker == null ? null : broker.toLowerCase(Locale.ROOT),
                            q.get("account"),
                            range[0],
                            range[1],
                            Paging.cursor(q),
                            limit + 1),
                    limit,
                    se -> PageKey.of(
                            Instant.ofEpochMilli(se.execution().tsMs()),
                            se.execution().venue(),
                            se.execution().execId()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredExecution se : page.rows()) {
                Execution x = se.execution();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("broker", x.venue());
                m.put("account", x.account());
                m.put("exec_id", x.execId());
                m.put("order_id", x.orderId());
                m.put("symbol", x.symbol());
                m.put("side", x.side().json());
                m.put("price", x.price());
                m.put("qty", x.qty());
                m.put("ts", Instant.ofEpochMilli(x.tsMs()).toString());
                m.put("contract", x.contract() == null ? null : x.contract().occ());
                m.put("received_at", se.receivedAt().toString());
                m.put("persisted_at", se.persistedAt().toString());
                rows.add(m);
            }
            return HttpEdge.Response.ok(body(limit, page, listName, rows));
        }
    }

    static Instant[] range(Map<String, String> q) {
        Instant to = q.containsKey("to")
                ? BarsRoute.instant(q.get("to"), "to")
                : Instant.now().plusSeconds(1);
        Instant from = q.containsKey("from") ? BarsRoute.instant(q.get("from"), "from") : to.minusSeconds(3600);
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        return new Instant[] {from, to};
    }

    static Map<String, Object> body(int limit, Paging.Page<?> page, String listName, List<Map<String, Object>> rows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", limit);
        page.describe(body);
        body.put(listName, rows);
        return body;
    }
}
