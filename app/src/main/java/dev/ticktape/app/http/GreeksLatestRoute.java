package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.topology.query.GreeksQueries;
import dev.ticktape.topology.query.QueryResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /v1/greeks/latest?broker=&account=&underlying=}: the latest accepted Greeks per (broker, contract)
 * from the topology's state. Contracts are spread over all instances, so this instance answers for its own and
 * asks each other instance for theirs (marked so they do not ask further), then merges. Ordered by broker, contract
 * and account, paged by {@link Paging} over the merged list (an instance asked by another answers its whole share).
 */
public final class GreeksLatestRoute implements HttpEdge.Route {
    static final String PATH = "/v1/greeks/latest";
    private final GreeksQueries queries;
    private final Forwarder forwarder;
    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();

    public GreeksLatestRoute(GreeksQueries queries, Forwarder forwarder) {
        this.queries = queries;
        this.forwarder = forwarder;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) throws IOException {
        QueryResult<List<Greeks>> local = queries.latest(q.get("broker"), q.get("account"), q.get("underlying"));
        if (!(local instanceof QueryResult.Local<List<Greeks>> ok)) {
            String reason = local instanceof QueryResult.Unavailable<List<Greeks>> u ? u.reason() : "not available";
            return Forwarder.unavailable(reason);
        }
        List<JsonNode> items = new ArrayList<>();
        for (Greeks g : ok.value()) {
            // The codec leaves realtime implicit; here every item says it, so a frozen value is never taken for live.
            ObjectNode item = (ObjectNode) codec.readTree(codec.encode(g));
            item.put("availability", g.availability().json());
            items.add(item);
        }
        if (!Forwarder.forwarded(q)) {
            for (HostInfo other : queries.otherHosts()) {
                HttpEdge.Response r = forwarder.forward(other.host(), other.port(), PATH, new HashMap<>(q));
                if (r.status() != 200) return r; // one instance rebalancing: the whole answer waits (503)
                json.readTree((byte[]) r.body()).path("greeks").forEach(items::add);
            }
        }
        if (Forwarder.forwarded(q)) return HttpEdge.Response.ok(Map.of("count", items.size(), "greeks", items));
        int limit = Paging.limit(q);
        PageKey after = Paging.cursor(q);
        // One timestamp for every key: the order is by the text columns alone.
        List<JsonNode> sorted = items.stream()
                .filter(n -> after == null || KEY_ORDER.compare(key(n), after) > 0)
                .sorted(Comparator.comparing(GreeksLatestRoute::key, KEY_ORDER))
                .toList();
        Paging.Page<JsonNode> page = Paging.of(sorted, limit, GreeksLatestRoute::key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", limit);
        page.describe(body);
        body.put("greeks", page.rows());
        return HttpEdge.Response.ok(body);
    }

    private static final Comparator<PageKey> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < 3; i++) {
            int c = a.tie(i).compareTo(b.tie(i));
            if (c != 0) return c;
        }
        return 0;
    };

    private static PageKey key(JsonNode n) {
        return PageKey.of(
                Instant.EPOCH,
                n.path("venue").asText(),
                n.path("contract").path("occ").asText(),
                n.path("account").asText(""));
    }
}
