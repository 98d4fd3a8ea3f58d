package dev.ticktape.app.http;

import dev.ticktape.persistence.retention.RetentionPolicy;
import dev.ticktape.persistence.retention.RetentionReport;
import dev.ticktape.persistence.retention.RetentionTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/retention/plan}: what the next retention run would remove from the stores this process owns
 * (the dry run for a running process, whose DuckDB file no other process can open). {@code policy} lists each
 * tier's keep time as an ISO-8601 duration.
 */
public final class RetentionPlanRoute implements HttpEdge.Route {
    private final List<RetentionTarget> targets;
    private final RetentionPolicy policy;

    /** {@code targets}: the stores this process owns (opened before the route is registered). */
    public RetentionPlanRoute(List<RetentionTarget> targets, RetentionPolicy policy) {
        this.targets = List.copyOf(targets);
        this.policy = policy;
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> query) {
        Instant now = Instant.now();
        List<RetentionReport> reports = new ArrayList<>();
        for (RetentionTarget t : targets) reports.add(t.plan(now, policy));
        return HttpEdge.Response.ok(Map.of("at", now.toString(), "policy", policyJson(policy), "stores", reports));
    }

    /**
     * The policy with its durations as ISO-8601 strings ({@code PT168H}): the edge's mapper has no java.time
     * module, and the event codec that owns it need not grow one for this one answer.
     */
    static Map<String, String> policyJson(RetentionPolicy p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bars1s", p.bars1s().toString());
        m.put("bars1m", p.bars1m().toString());
        m.put("greeks", p.greeks().toString());
        return m;
    }
}
