package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.retention.DuckDbRetention;
import dev.ticktape.persistence.retention.RetentionPolicy;
import dev.ticktape.persistence.retention.RetentionReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/retention/plan} over a real DuckDB file: the plan names old rows and removes nothing. */
class RetentionPlanRouteTest {
    @Test
    void plansTheRemovalOfOldBarsWithoutRemovingThem(@TempDir Path dir) throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("plan.duckdb"), 1)) {
            try (Connection c = db.openReader();
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO ohlc_1s (venue, symbol, \"timestamp\", open, high, low, close, volume, trades,"
                        + " source_file, ingested_at) VALUES ('x', 'OLD', TIMESTAMP '2020-01-02 00:00:00', 1, 1, 1, 1, 1, 1,"
                        + " 'live:OLD', TIMESTAMP '2020-01-02 00:00:01')");
                // A replayed row as old: retention applies to live bars, so the plan keeps it and says so.
                st.execute("INSERT INTO ohlc_1s (venue, symbol, \"timestamp\", open, high, low, close, volume, trades,"
                        + " source_file, ingested_at) VALUES ('x', 'REPLAYED', TIMESTAMP '2020-01-02 00:00:00', 1, 1, 1,"
                        + " 1, 1, 1, 'file:old.ndjson', TIMESTAMP '2020-01-02 00:00:01')");
            }
            RetentionPlanRoute route =
                    new RetentionPlanRoute(List.of(new DuckDbRetention(db)), RetentionPolicy.defaults());
            HttpEdge.Response r = route.handle(Map.of());
            assertThat(r.status()).isEqualTo(200);
            // The edge's mapper has no java.time module: the answer must serialise with a plain one.
            JsonNode body = new ObjectMapper().valueToTree(r.body());
            assertThat(body.path("policy").path("bars1s").asText()).isEqualTo("PT168H");
            @SuppressWarnings("unchecked")
            List<RetentionReport> stores = (List<RetentionReport>) ((Map<String, Object>) r.body()).get("stores");
            assertThat(stores).hasSize(1);
            assertThat(stores.get(0).rows("ohlc_1s"))
                    .as("1s rows the plan would remove")
                    .isEqualTo(1);
            assertThat(stores.get(0).keptRows("ohlc_1s"))
                    .as("replayed 1s rows the plan keeps")
                    .isEqualTo(1);
            try (Connection c = db.openReader();
                    Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM ohlc_1s WHERE symbol = 'OLD'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("a plan removes nothing").isEqualTo(1);
            }
        }
    }
}
