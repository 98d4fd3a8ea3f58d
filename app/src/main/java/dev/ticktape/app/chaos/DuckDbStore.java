package dev.ticktape.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DuckDB file, read with SQL through {@code POST /v1/sql} of the persist process that owns it (DuckDB lets
 * one process open the file). The queries are this class's own; the route only runs them read-only.
 */
final class DuckDbStore implements BarStore {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String venue;

    DuckDbStore(String baseUrl, String venue) {
        this.baseUrl = baseUrl;
        this.venue = venue;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public Totals totals() throws IOException {
        JsonNode rows =
                query("SELECT count(*), coalesce(sum(trades), 0) FROM ohlc_1s WHERE venue = '" + venue + "'", 1);
        JsonNode r = rows.get(0);
        return new Totals(r.get(0).asLong(), r.get(1).asLong());
    }

    @Override
    public Map<Bar.Key, Bar> bars() throws IOException {
        JsonNode rows = query(
                "SELECT symbol, epoch_ms(\"timestamp\"), open, high, low, close, volume, trades FROM ohlc_1s"
                        + " WHERE venue = '" + venue + "'",
                1_000_000);
        Map<Bar.Key, Bar> out = new TreeMap<>();
        for (JsonNode r : rows) {
            Bar b = new Bar(
                    r.get(2).asDouble(),
                    r.get(3).asDouble(),
                    r.get(4).asDouble(),
                    r.get(5).asDouble(),
                    r.get(6).asDouble(),
                    r.get(7).asLong());
            out.merge(new Bar.Key(r.get(0).asText(), r.get(1).asLong()), b, Verdicts::doubled);
        }
        return out;
    }

    private JsonNode query(String sql, int limit) throws IOException {
        String body = json.writeValueAsString(Map.of("sql", sql, "limit", limit, "timeout", 30));
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/sql"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException("POST /v1/sql answered " + resp.statusCode() + ": " + resp.body());
        }
        JsonNode answer = json.readTree(resp.body());
        if (answer.path("truncated").asBoolean()) throw new IOException("POST /v1/sql cut the answer at " + limit);
        return answer.path("rows");
    }
}
