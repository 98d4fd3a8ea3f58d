package dev.ticktape.app.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.persistence.duckdb.ReadOnlySql;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/sql}: one read-only SELECT over the DuckDB file this process owns (see {@link ReadOnlySql} for
 * how the database enforces it). The body is the SQL text, or JSON {@code {"sql": ..., "limit": N, "timeout": S}};
 * {@code ?limit=} and {@code ?timeout=} (seconds) work too. The answer is JSON (default), CSV or Parquet, chosen by
 * {@code Accept} or {@code ?format=}. A result cut at the limit says so: {@code "truncated": true} in JSON, the
 * header {@code X-Ticktape-Truncated: true} for every format.
 */
final class SqlRoute implements HttpEdge.RequestRoute {
    static final String TRUNCATED = "X-Ticktape-Truncated";
    static final String ROWS = "X-Ticktape-Rows";

    private final ReadOnlySql sql;
    private final SqlLimits limits;
    private final BearerToken token;
    private final ObjectMapper json = new ObjectMapper();

    SqlRoute(ReadOnlySql sql, SqlLimits limits, BearerToken token) {
        this.sql = sql;
        this.limits = limits;
        this.token = token;
    }

    /** The request after parsing: SQL text, row limit, timeout, format. */
    private record Query(String text, int limit, Duration timeout, SqlFormat format) {}

    @Override
    public HttpEdge.Response handle(HttpEdge.Request req) throws Exception {
        HttpEdge.Response refused = token.refuse(req);
        if (refused != null) return refused;
        SqlFormat format = SqlFormat.choose(req.query().get("format"), req.header("Accept"));
        if (format == null) {
            return HttpEdge.Response.error(
                    406,
                    "Accept " + req.header("Accept") + " is not offered; use application/json, text/csv or "
                            + "application/vnd.apache.parquet (Arrow IPC is not offered: read the Parquet answer "
                            + "with pyarrow)");
        }
        Query q = parse(req, format);
        try {
            if (format == SqlFormat.JSON) return json(q);
            ReadOnlySql.FileResult r = sql.file(q.text(), q.limit(), q.timeout(), format.file);
            return new HttpEdge.Response(200, r.bytes(), Map.of())
                    .withHeader("Content-Type", format.mediaType)
                    .withHeader(ROWS, Long.toString(r.rows()))
                    .withHeader(TRUNCATED, Boolean.toString(r.truncated()));
        } catch (ReadOnlySql.TimeoutException e) {
            return HttpEdge.Response.error(408, e.getMessage());
        } catch (ReadOnlySql.BusyException e) {
            return HttpEdge.Response.error(503, e.getMessage()).withHeader("Retry-After", "1");
        }
    }

    private HttpEdge.Response json(Query q) throws SQLException {
        ReadOnlySql.Rows r = sql.rows(q.text(), q.limit(), q.timeout());
        List<Map<String, String>> columns = new ArrayList<>();
        for (int i = 0; i < r.columns().size(); i++) {
            columns.add(Map.of("name", r.columns().get(i), "type", r.types().get(i)));
        }
        List<List<Object>> rows = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            List<Object> out = new ArrayList<>(row.size());
            for (Object v : row) out.add(JsonValues.of(v));
            rows.add(out);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", columns);
        body.put("rows", rows);
        body.put("count", rows.size());
        body.put("limit", q.limit());
        body.put("truncated", r.truncated());
        return HttpEdge.Response.ok(body)
                .withHeader(ROWS, Integer.toString(rows.size()))
                .withHeader(TRUNCATED, Boolean.toString(r.truncated()));
    }

    private Query parse(HttpEdge.Request req, SqlFormat format) throws Exception {
        String body = new String(req.body() == null ? new byte[0] : req.body(), StandardCharsets.UTF_8);
        String contentType = req.header("Content-Type");
        String text = body;
        Double rows = number(req.query().get("limit"), "limit");
        Long limit = rows == null ? null : rows.longValue();
        Double timeout = number(req.query().get("timeout"), "timeout");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (Exception e) {
                throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
            }
            if (node == null || !node.path("sql").isTextual()) {
                throw new IllegalArgumentException("a JSON body needs \"sql\": \"SELECT ...\"");
            }
            text = node.get("sql").asText();
            if (node.hasNonNull("limit")) limit = node.get("limit").asLong();
            if (node.hasNonNull("timeout")) timeout = node.get("timeout").asDouble();
        }
        if (text.isBlank()) throw new IllegalArgumentException("the request body must hold a SELECT statement");
        return new Query(text, limits.rows(limit), limits.timeout(timeout), format);
    }

    private static Double number(String value, String name) {
        if (value == null || value.isBlank()) return null;
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
    }
}
