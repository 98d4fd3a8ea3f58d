package dev.ticktape.app.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.GateSetting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads gate settings as the gate file and {@code POST /v1/decisions/gate} write them: {@code {"open": false,
 * "reason": "risk off"}} for every instrument, and/or {@code {"scopes": {"binance": {"open": false},
 * "polygon:AAPL": {"open": true, "reason": "..."}}}} per venue or instrument.
 */
final class GateSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GateSettings() {}

    /** The settings in {@code json}, stamped with {@code source} and {@code tsMs}; IllegalArgumentException if bad. */
    static List<GateSetting> parse(byte[] json, String source, long tsMs) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("gate settings are not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("gate settings must be a JSON object");
        List<GateSetting> out = new ArrayList<>();
        if (root.has("open")) out.add(one(GateSetting.ALL, root, source, tsMs));
        JsonNode scopes = root.path("scopes");
        if (!scopes.isMissingNode()) {
            if (!scopes.isObject())
                throw new IllegalArgumentException("'scopes' must be an object of scope -> setting");
            for (Iterator<Map.Entry<String, JsonNode>> it = scopes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(one(e.getKey(), e.getValue(), source, tsMs));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("gate settings need 'open' (true or false) or 'scopes'");
        }
        return out;
    }

    private static GateSetting one(String scope, JsonNode n, String source, long tsMs) {
        if (!n.path("open").isBoolean()) {
            throw new IllegalArgumentException("gate setting for " + scope + " needs 'open': true or false");
        }
        try {
            return new GateSetting(
                    scope,
                    n.path("open").booleanValue(),
                    source,
                    n.path("reason").asText(""),
                    tsMs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad gate scope '" + scope + "': " + e.getMessage());
        }
    }
}
