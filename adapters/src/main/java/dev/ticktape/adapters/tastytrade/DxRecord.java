package dev.ticktape.adapters.tastytrade;

import java.util.Map;

/**
 * One event of a COMPACT {@code FEED_DATA}, decoded by the field list of its type. Values are {@link Double},
 * {@link String}, {@link Boolean} or null; the DXLink strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} arrive as non-finite doubles.
 */
record DxRecord(String eventType, String symbol, Map<String, Object> values) {

    /** A finite number, or null when the field is missing, not a number, NaN or infinite. */
    Double number(String field) {
        return values.get(field) instanceof Double d && Double.isFinite(d) ? d : null;
    }

    /** A positive epoch-millisecond time, or 0 when missing. */
    long time(String field) {
        Double d = number(field);
        return d == null || d <= 0 ? 0 : d.longValue();
    }
}
