package dev.ticktape.app.access;

import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * JDBC values of a DuckDB result as JSON values: numbers and booleans as they are, times as ISO-8601 text
 * ({@code TIMESTAMP} without a zone, as stored; {@code TIMESTAMPTZ} with {@code Z}), BLOBs as base64, lists as
 * arrays, structs as objects, anything else (intervals, UUIDs, ...) as DuckDB's text.
 */
final class JsonValues {
    private JsonValues() {}

    static Object of(Object v) throws SQLException {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Timestamp t) return t.toLocalDateTime().toString();
        if (v instanceof TemporalAccessor) return v.toString();
        if (v instanceof Blob b) return Base64.getEncoder().encodeToString(b.getBytes(1, (int) b.length()));
        if (v instanceof Array a) {
            List<Object> out = new ArrayList<>();
            for (Object e : (Object[]) a.getArray()) out.add(of(e));
            return out;
        }
        if (v instanceof DuckDBStruct s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : s.getMap().entrySet()) out.put(e.getKey(), of(e.getValue()));
            return out;
        }
        if (v instanceof Struct s) return of(List.of(s.getAttributes()));
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) out.add(of(e));
            return out;
        }
        return v.toString();
    }
}
