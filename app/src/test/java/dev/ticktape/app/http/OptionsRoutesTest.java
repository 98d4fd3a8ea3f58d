package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.duckdb.DuckDbExecutionQueries;
import dev.ticktape.persistence.duckdb.DuckDbExecutionSink;
import dev.ticktape.persistence.duckdb.DuckDbGreeksQueries;
import dev.ticktape.persistence.duckdb.DuckDbGreeksSink;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored option lists over a real DuckDB file, paged: following {@code next} from the first page to the last
 * yields every row once, as many as SQL counts, in the documented order.
 */
class OptionsRoutesTest {
    private static final long T0 = 1_714_564_800_000L; // 2024-05-01T12:00:00Z
    private static final OptionContract CALL =
            new OptionContract("SPY", LocalDate.of(2024, 6, 21), 510.0, 'C', "SPY   240621C00510000");
    private static final OptionContract PUT =
            new OptionContract("SPY", LocalDate.of(2024, 6, 21), 500.5, 'P', "SPY   240621P00500500");
    private static final Map<String, String> RANGE =
            Map.of("from", "2024-05-01T00:00:00Z", "to", "2024-05-02T00:00:00Z");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void snapshotsAndExecutionsPageThroughEveryStoredRowOnce(@TempDir Path dir) throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("options.duckdb"), 1)) {
            List<Greeks> greeks = new ArrayList<>();
            List<Execution> fills = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                for (OptionContract c : List.of(CALL, PUT)) {
                    greeks.add(new Greeks(
                            "ibkr",
                            "SPY",
                            T0 + i * 1000L,
                            T0 + i * 1000L + 5,
                            "U1",
                            c,
                            0.5,
                            0.02,
                            -0.05,
                            0.11,
                            0.01,
                            0.18,
                            509.75,
                            3.4));
                }
                // Two fills in the same millisecond: the exec id orders them.
                fills.add(fill("A" + i, T0 + i * 10L));
                fills.add(fill("B" + i, T0 + i * 10L));
            }
            try (DuckDbGreeksSink gs = new DuckDbGreeksSink(db);
                    DuckDbExecutionSink es = new DuckDbExecutionSink(db)) {
                gs.write(greeks);
                es.write(fills);
            }
            List<JsonNode> snapshots = walk(
                    new OptionsRoutes.Snapshots(new DuckDbGreeksQueries(db)), "snapshots", Map.of("broker", "ibkr"), 7);
            assertThat(snapshots).hasSize((int) count(db, "SELECT count(*) FROM greek_snapshots"));
            assertThat(snapshots.stream()
                            .map(s -> s.path("ts").asText() + "|"
                                    + s.path("contract").asText()))
                    .doesNotHaveDuplicates()
                    .isSorted();
            for (String list : List.of("executions", "trades")) {
                List<JsonNode> rows =
                        walk(new OptionsRoutes.Executions(new DuckDbExecutionQueries(db), list), list, Map.of(), 6);
                assertThat(rows).hasSize((int) count(db, "SELECT count(*) FROM executions"));
                assertThat(rows.subList(0, 4).stream()
                                .map(r -> r.path("exec_id").asText()))
                        .containsExactly("A0", "B0", "A1", "B1");
            }
        }
    }

    private List<JsonNode> walk(HttpEdge.Route route, String list, Map<String, String> filters, int limit)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        while (true) {
            Map<String, String> q = new HashMap<>(RANGE);
            q.putAll(filters);
            q.put("limit", String.valueOf(limit));
            if (cursor != null) q.put("cursor", cursor);
            HttpEdge.Response r = route.handle(q);
            assertThat(r.status()).isEqualTo(200);
            JsonNode page = json.valueToTree(r.body());
            page.path(list).forEach(out::add);
            if (!page.path("truncated").asBoolean()) {
                assertThat(page.path(list).size()).isLessThanOrEqualTo(limit);
                return out;
            }
            assertThat(page.path("count").asInt()).isEqualTo(limit);
            cursor = page.path("next").asText();
        }
    }

    private static Execution fill(String execId, long ts) {
        return new Execution("ibkr", "SPY", ts, ts + 3, "U1", "O-" + execId, execId, Side.BUY, 1.25, 1, CALL);
    }

    private static long count(DuckDbDatabase db, String sql) throws Exception {
        try (Connection c = db.openReader();
                Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
