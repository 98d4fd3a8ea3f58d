package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Field values of the Client Portal market-data stream, which are strings with decorations: a {@code C}
 * (prior close) or {@code H} (halted) prefix on the last price, a {@code %} suffix on percentages, thousands
 * separators, {@code K}/{@code M} suffixes on formatted volumes; sometimes plain JSON numbers. Empty or
 * unparsable means unknown (null), never zero.
 */
final class IbkrValue {
    private IbkrValue() {}

    static Double number(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isNumber()) return finite(v.asDouble());
        return number(v.asText());
    }

    static Double number(String raw) {
        if (raw == null) return null;
        String s = raw.trim().replace(",", "");
        if (s.isEmpty()) return null;
        char first = s.charAt(0);
        if (first == 'C' || first == 'H') s = s.substring(1);
        double scale = 1;
        if (s.endsWith("%")) s = s.substring(0, s.length() - 1);
        else if (s.endsWith("K")) {
            scale = 1e3;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("M")) {
            scale = 1e6;
            s = s.substring(0, s.length() - 1);
        }
        try {
            return finite(Double.parseDouble(s.trim()) * scale);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Percent (IV as {@code "17.9%"} or {@code 17.9}) as a fraction. */
    static Double percentAsFraction(JsonNode v) {
        Double pct = number(v);
        return pct == null ? null : pct / 100.0;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
