package dev.ticktape.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data routes on a real DuckDB file and a real HTTP edge: the API token, the limits, bad requests. */
class DataRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aConfiguredTokenIsRequiredForSqlAndExport(@TempDir Path dir) throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("t.duckdb"), 1);
                DataRoutes routes = DataRoutes.open(db, SqlLimits.DEFAULTS, "s3cret");
                HttpEdge edge = edge(routes)) {
            String url = "http://127.0.0.1:" + edge.port();
            assertThat(send(url + "/v1/sql", "SELECT 1", null).statusCode()).isEqualTo(401);
            assertThat(send(url + "/v1/sql", "SELECT 1", "Bearer wrong").statusCode())
                    .isEqualTo(401);
            HttpResponse<String> ok = send(url + "/v1/sql", "SELECT 1 AS one", "Bearer s3cret");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(json.readTree(ok.body()).at("/rows/0/0").asInt()).isEqualTo(1);
            String export = "{\"table\":\"ohlc_1s\",\"out\":\"" + dir.resolve("out") + "\"}";
            assertThat(send(url + "/v1/export", export, null).statusCode()).isEqualTo(401);
            assertThat(send(url + "/v1/export", export, "Bearer s3cret").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void valuesOfEveryKindBecomeJsonAndBadRequestsAnswer400(@TempDir Path dir) throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("t.duckdb"), 1);
                DataRoutes routes = DataRoutes.open(db, new SqlLimits(5, 50, Duration.ofSeconds(5)), null);
                HttpEdge edge = edge(routes)) {
            try (Statement st = db.writer().createStatement()) {
                st.execute("INSERT INTO ohlc_1s SELECT 'v', 'S', TIMESTAMP '2026-01-02 03:04:05' + i * INTERVAL 1 "
                        + "SECOND, 1, 1, 1, 1, 1, 1, 1, 'f', TIMESTAMP '2026-01-02 03:04:05', 0 FROM range(20) t(i)");
            }
            String url = "http://127.0.0.1:" + edge.port();
            HttpResponse<String> r = send(
                    url + "/v1/sql",
                    "SELECT TIMESTAMP '2026-01-02 03:04:05.5' AS ts, DATE '2026-01-02' AS d, [1, 2] AS l, "
                            + "{'a': 1} AS s, 'x'::BLOB AS b, 1.50::DECIMAL(10,2) AS dec, NULL AS n",
                    null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json.readTree(r.body()).get("rows").get(0).toString())
                    .isEqualTo("[\"2026-01-02T03:04:05.500\",\"2026-01-02\",[1,2],{\"a\":1},\"eA==\",1.5,null]");
            // The default limit (5) applies without one; more than the maximum (50) is refused.
            HttpResponse<String> cut = send(url + "/v1/sql", "SELECT * FROM ohlc_1s", null);
            assertThat(json.readTree(cut.body()).get("count").asInt()).isEqualTo(5);
            assertThat(json.readTree(cut.body()).get("truncated").asBoolean()).isTrue();
            assertThat(send(url + "/v1/sql?limit=51", "SELECT 1", null).statusCode())
                    .isEqualTo(400);
            assertThat(send(url + "/v1/sql", "  ", null).statusCode()).isEqualTo(400);
            assertThat(send(url + "/v1/sql?format=xml", "SELECT 1", null).statusCode())
                    .isEqualTo(400);
            assertThat(send(url + "/v1/export", "{\"table\":\"nope\",\"out\":\"/tmp/x\"}", null)
                            .statusCode())
                    .isEqualTo(400);
            assertThat(send(url + "/v1/export", "{\"table\":\"ohlc_1s\",\"out\":\"relative\"}", null)
                            .statusCode())
                    .isEqualTo(400);
            HttpResponse<String> badSql = send(url + "/v1/sql", "SELEC 1", null);
            assertThat(badSql.statusCode()).isEqualTo(400);
            assertThat(json.readTree(badSql.body()).get("error").asText()).contains("syntax error");
        }
    }

    private static HttpEdge edge(DataRoutes routes) throws Exception {
        HttpEdge edge = new HttpEdge(
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new HealthCheck(),
                new ObjectMapper());
        routes.register(edge);
        edge.start();
        return edge;
    }

    private HttpResponse<String> send(String url, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (body.startsWith("{")) b.header("Content-Type", "application/json");
        if (auth != null) b.header("Authorization", auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
