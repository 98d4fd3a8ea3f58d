package dev.ticktape.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One setting of the decisions' exposure gate, as carried on {@link Topics#DECISION_GATE}: whether it is open for a
 * scope, who said so and why. The most specific scope wins: {@code venue:SYMBOL}, then {@code venue}, then
 * {@link #ALL}. A closed gate puts decisions of its scope in {@code OBSERVE} and holds their target exposure.
 *
 * @param scope  {@link #ALL}, a venue (lowercase) or {@code venue:SYMBOL}; the record key
 * @param open   whether exposure may change
 * @param source who set it: {@code file} (the gate file) or {@code api} ({@code POST /v1/decisions/gate})
 * @param reason free text, e.g. {@code risk off}
 * @param tsMs   when it was set
 */
public record GateSetting(String scope, boolean open, String source, String reason, long tsMs) {
    public static final String ALL = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    public GateSetting {
        if (scope == null || scope.isBlank()) throw new IllegalArgumentException("gate scope must not be blank");
        scope = normalise(scope);
        if (source == null || source.isBlank()) throw new IllegalArgumentException("gate source must not be blank");
        reason = reason == null ? "" : reason;
    }

    /** {@code *}, a lowercase venue, or {@code venue:SYMBOL} with the venue lowercase and the symbol uppercase. */
    public static String normalise(String scope) {
        String s = scope.trim();
        if (s.equals(ALL)) return ALL;
        int colon = s.indexOf(':');
        if (colon < 0) return Checks.venue(s.toLowerCase(Locale.ROOT));
        return InstrumentId.key(
                Checks.venue(s.substring(0, colon).toLowerCase(Locale.ROOT)),
                Checks.symbol(s.substring(colon + 1).toUpperCase(Locale.ROOT)));
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", scope);
        m.put("open", open);
        m.put("source", source);
        m.put("reason", reason);
        m.put("ts_ms", tsMs);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The setting in {@code json}; throws {@link InvalidEventException} when it is not one. */
    public static GateSetting fromJson(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject() || !n.path("open").isBoolean()) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "a gate setting needs a boolean 'open'");
            }
            return new GateSetting(
                    n.path("scope").asText(ALL),
                    n.path("open").booleanValue(),
                    n.path("source").asText("api"),
                    n.path("reason").asText(""),
                    n.path("ts_ms").asLong(0));
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "gate setting is not JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, e.getMessage());
        }
    }
}
