package dev.ticktape.app.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.persistence.duckdb.DuckDbExport;
import dev.ticktape.persistence.duckdb.ReadOnlySql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/export}: writes a table (a time range of it) as Hive-partitioned Parquet or CSV into a directory
 * <em>on this server's filesystem</em>, from the process that owns the DuckDB file ({@code ticktape export} calls
 * it). Body: {@code {"table": "ohlc_1s", "from": ..., "to": ..., "format": "parquet", "out": "/abs/dir"}}. DuckDB
 * writes into its one allowed staging directory; the files are then moved to {@code out/<table>}.
 */
final class ExportRoute implements HttpEdge.RequestRoute {
    private final ReadOnlySql sql;
    private final Path staging;
    private final Duration timeout;
    private final BearerToken token;
    private final ObjectMapper json = new ObjectMapper();

    ExportRoute(ReadOnlySql sql, Path staging, Duration timeout, BearerToken token) {
        this.sql = sql;
        this.staging = staging;
        this.timeout = timeout;
        this.token = token;
    }

    @Override
    public HttpEdge.Response handle(HttpEdge.Request req) throws Exception {
        HttpEdge.Response refused = token.refuse(req);
        if (refused != null) return refused;
        JsonNode body;
        try {
            body = json.readTree(req.body());
        } catch (Exception e) {
            throw new IllegalArgumentException("the body must be JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
        DuckDbExport.Request r = DuckDbExport.Request.parse(
                text(body, "table"), text(body, "from"), text(body, "to"), text(body, "format"), text(body, "out"));
        if (!Path.of(text(body, "out")).isAbsolute()) {
            throw new IllegalArgumentException("out must be an absolute path on the server");
        }
        Path dir = DuckDbExport.stagingDir(staging);
        long rows;
        try {
            rows = sql.run(timeout, s -> DuckDbExport.copy(s::prepare, r, dir));
        } catch (ReadOnlySql.TimeoutException e) {
            return HttpEdge.Response.error(408, e.getMessage());
        } catch (ReadOnlySql.BusyException e) {
            return HttpEdge.Response.error(503, e.getMessage()).withHeader("Retry-After", "1");
        }
        DuckDbExport.Result result = DuckDbExport.publish(r, dir, rows);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("table", result.table());
        answer.put("dir", result.dir().toString());
        answer.put("rows", result.rows());
        answer.put("files", result.files());
        return HttpEdge.Response.ok(answer);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
