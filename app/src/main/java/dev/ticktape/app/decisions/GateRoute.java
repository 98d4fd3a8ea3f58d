package dev.ticktape.app.decisions;

import dev.ticktape.app.access.BearerToken;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.model.GateSetting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/decisions/gate}: opens or closes the decisions' exposure gate, with the gate file's JSON
 * ({@code {"open": false, "reason": "..."}} and/or {@code {"scopes": {...}}}), published with source {@code api}.
 * It always needs the bearer token: a process without {@code TICKTAPE_API_TOKEN} refuses it (403), because
 * anyone who can reach the port could otherwise change exposure.
 */
final class GateRoute implements HttpEdge.RequestRoute {
    private final GatePublisher publisher;
    private final BearerToken token;
    private final Clock clock;

    GateRoute(GatePublisher publisher, String token, Clock clock) {
        this.publisher = publisher;
        this.token = token == null || token.isEmpty() ? null : BearerToken.of(token);
        this.clock = clock;
    }

    @Override
    public HttpEdge.Response handle(HttpEdge.Request req) {
        if (token == null) {
            return HttpEdge.Response.error(
                    403,
                    "forbidden",
                    "the gate API needs a token, and none is configured",
                    "start with TICKTAPE_API_TOKEN set and send Authorization: Bearer <token>");
        }
        HttpEdge.Response refused = token.refuse(req);
        if (refused != null) return refused;
        if (req.body().length == 0) throw new IllegalArgumentException("a JSON body is required");
        List<GateSetting> settings = GateSettings.parse(req.body(), "api", clock.millis());
        publisher.publish(settings);
        List<Map<String, Object>> applied = new ArrayList<>();
        for (GateSetting s : settings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scope", s.scope());
            m.put("open", s.open());
            m.put("reason", s.reason());
            applied.add(m);
        }
        return HttpEdge.Response.ok(Map.of("applied", applied));
    }
}
