package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.cli.TicktapeCommand;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.persistence.retention.RetentionPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The HTTP API of a full platform (gateway, topology, DuckDB sink, retention, control with a fake Binance): every
 * registered GET route answers its happy path with 200 and JSON (a route added without a case here fails the test),
 * list endpoints page through more rows than a page without losing or repeating one (SQL over the stored rows is the
 * oracle), instrument discovery agrees with a SQL GROUP BY, and a mistyped symbol gets a 404 naming the right one.
 */
@ExtendWith(SharedKafkaBroker.class)
class ApiRoutesIT {
    private static final String VENUE = "api";
    private static final String SYMBOL = "PAGEONE";
    /** Seconds of tape: two trades a second, so every bar but the last is final. */
    private static final int SECONDS = 600;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyRouteAnswersItsHappyPathAndListsPageWithoutLossOrRepeats(@TempDir Path dir) throws Exception {
        // Within the allowed lateness (15 min) of now: the live Binance producer holds the watermark at the wall
        // clock, so older trades of the same task would go to md.late.
        Instant base = Instant.now().minusSeconds(SECONDS + 60).truncatedTo(ChronoUnit.MINUTES);
        PlatformSpec spec = TestPlatforms.withAnalytics(TestPlatforms.all(dir)).toBuilder()
                .retention(new PlatformSpec.RetentionSpec(RetentionPolicy.defaults(), Duration.ofHours(1)))
                .control(new PlatformSpec.ControlSpec(
                        List.of(new BinanceKind(true, 7)),
                        Map.of("binance", List.of("btcusdt")),
                        false,
                        Duration.ofSeconds(30),
                        Map.of(),
                        null))
                .build();
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            List<TradeReplay.Tick> ticks = new ArrayList<>();
            for (int i = 0; i < 2 * SECONDS; i++) {
                ticks.add(new TradeReplay.Tick(i, SYMBOL, base.toEpochMilli() + i * 500L, 100 + i % 7, 1));
            }
            new TradeReplay(ticks).send(p.gatewayPort(), VENUE, 0, ticks.size());
            // Every bar but the last (still open) is final: [base, base + SECONDS - 1 s).
            Instant to = base.plusSeconds(SECONDS - 1);
            try (Connection c = p.database().orElseThrow().openReader()) {
                String inRange = "FROM ohlc_1s WHERE venue = '" + VENUE + "' AND symbol = '" + SYMBOL
                        + "' AND \"timestamp\" >= TIMESTAMP '" + ts(base) + "' AND \"timestamp\" < TIMESTAMP '"
                        + ts(to) + "'";
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> count(c, "SELECT count(*) " + inRange) == SECONDS - 1);

                String range = "&from=" + base + "&to=" + to;
                List<Long> merged = walk(p, "/v1/bars?venue=" + VENUE + "&symbol=" + SYMBOL + range, 400);
                assertThat(merged)
                        .as("db and state merged, pages of 400")
                        .hasSize((int) count(c, "SELECT count(*) " + inRange))
                        .doesNotHaveDuplicates()
                        .isSorted();
                List<Long> stored = walk(p, "/v1/bars?source=db&symbol=" + SYMBOL + range, 333);
                assertThat(stored).as("every venue, db only").isEqualTo(merged);
                List<Long> state = walk(p, "/v1/bars?source=state&venue=" + VENUE + "&symbol=" + SYMBOL + range, 100);
                assertThat(state)
                        .as("the recent window (15 minutes) after the cursor")
                        .isNotEmpty()
                        .isEqualTo(merged.subList(merged.size() - state.size(), merged.size()));

                assertInstrumentsMatchSql(p, c);
            }
            assertTypoHints(p);
            assertEveryGetRouteAnswers200(p);
        }
    }

    /** Follows {@code next} from the first page to the last; returns the bar starts in order. */
    private List<Long> walk(Platform p, String path, int limit) throws Exception {
        List<Long> out = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            String url = path + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor));
            JsonNode page = ok(p, url);
            page.path("bars").forEach(b -> out.add(b.path("ts_ms").asLong()));
            pages++;
            assertThat(page.path("count").asInt()).isEqualTo(page.path("bars").size());
            if (!page.path("truncated").asBoolean()) {
                assertThat(page.path("next").isNull()).isTrue();
                break;
            }
            assertThat(page.path("count").asInt())
                    .as("a truncated page is full")
                    .isEqualTo(limit);
            cursor = page.path("next").asText();
        }
        assertThat(pages).isEqualTo(Math.max(1, (out.size() + limit - 1) / limit));
        return out;
    }

    private void assertInstrumentsMatchSql(Platform p, Connection c) throws Exception {
        JsonNode body = ok(p, "/v1/instruments?venue=" + VENUE);
        assertThat(body.path("complete").asBoolean()).isTrue();
        TreeMap<String, String> fromApi = new TreeMap<>();
        for (JsonNode i : body.path("instruments")) {
            fromApi.put(
                    i.path("symbol").asText(),
                    i.path("bars_1s").asLong() + "/" + i.path("bars_1m").asLong() + "/"
                            + i.path("live_bars").asLong()
                            + "/" + i.path("first_bar").asText() + "/"
                            + i.path("last_close").asDouble() + "/"
                            + i.path("mode").asText());
        }
        TreeMap<String, String> fromSql = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            // The oracle: one GROUP BY per table, the 1s table also giving live rows, the first bar and the last close.
            try (ResultSet r = st.executeQuery("SELECT s.symbol, s.n, coalesce(m.n, 0), s.live + coalesce(m.live, 0),"
                    + " strftime(least(s.first, coalesce(m.first, s.first)), '%Y-%m-%dT%H:%M:%SZ'), s.last_close,"
                    + " CASE WHEN s.live + coalesce(m.live, 0) = s.n + coalesce(m.n, 0) THEN 'live'"
                    + " WHEN s.live + coalesce(m.live, 0) = 0 THEN 'replayed' ELSE 'mixed' END"
                    + " FROM (SELECT symbol, count(*) n, count(*) FILTER (WHERE source_file LIKE 'live:%') live,"
                    + " min(\"timestamp\") first, arg_max(close, \"timestamp\") last_close FROM ohlc_1s"
                    + " WHERE venue = '" + VENUE + "' GROUP BY symbol) s LEFT JOIN (SELECT symbol, count(*) n,"
                    + " count(*) FILTER (WHERE source_file LIKE 'live:%') live, min(\"timestamp\") first FROM ohlc_1m"
                    + " WHERE venue = '" + VENUE + "' GROUP BY symbol) m USING (symbol)")) {
                while (r.next()) {
                    fromSql.put(
                            r.getString(1),
                            r.getLong(2) + "/" + r.getLong(3) + "/" + r.getLong(4) + "/" + r.getString(5) + "/"
                                    + r.getDouble(6) + "/" + r.getString(7));
                }
            }
        }
        assertThat(fromApi).isEqualTo(fromSql).containsKey(SYMBOL);

        // The command prints the same list from the running process's edge.
        CommandLine cli = TicktapeCommand.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("instruments", "--url", "http://127.0.0.1:" + p.httpPort(), "--venue", VENUE))
                .isZero();
        String bars1s = String.valueOf(
                count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = '" + VENUE + "' AND symbol = '" + SYMBOL + "'"));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l.split(" +")).startsWith(VENUE, SYMBOL, bars1s));
        assertThat(lines).last().isEqualTo("1 instrument(s)");
    }

    private void assertTypoHints(Platform p) throws Exception {
        for (String path : List.of(
                "/v1/bars?venue=" + VENUE + "&symbol=PAGEONR",
                "/v1/bars?symbol=pagoene",
                "/v1/bars/latest?symbol=PAGEONR",
                "/v1/bars/latest?venue=" + VENUE + "&symbol=PAGEONR")) {
            HttpResponse<String> r = get(p, path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            JsonNode e = json.readTree(r.body());
            assertThat(e.path("code").asText()).as(path).isEqualTo("unknown_instrument");
            assertThat(e.path("hint").asText()).as(path).isEqualTo("did you mean " + SYMBOL + "?");
            assertThat(e.path("error").asText()).as(path).endsWith("did you mean " + SYMBOL + "?");
        }
        HttpResponse<String> far = get(p, "/v1/bars?symbol=NOTHINGLIKEIT");
        assertThat(far.statusCode()).isEqualTo(404);
        assertThat(json.readTree(far.body()).path("hint").asText()).contains("/v1/instruments");
        // Known, but nothing in range: an empty answer, not a 404.
        JsonNode empty = ok(
                p,
                "/v1/bars?venue=" + VENUE + "&symbol=" + SYMBOL + "&from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z");
        assertThat(empty.path("count").asInt()).isZero();
        assertThat(empty.path("truncated").asBoolean()).isFalse();
        // No venue: the one venue that has the symbol answers, as if it had been named.
        JsonNode latest = ok(p, "/v1/bars/latest?symbol=" + SYMBOL.toLowerCase());
        assertThat(latest.path("venue").asText()).isEqualTo(VENUE);
        assertThat(latest).isEqualTo(ok(p, "/v1/bars/latest?venue=" + VENUE + "&symbol=" + SYMBOL));
    }

    /** The happy-path request of every GET route; a route registered without one here fails the test. */
    private void assertEveryGetRouteAnswers200(Platform p) throws Exception {
        Map<String, String> cases = new TreeMap<>();
        cases.put("/health", "/health");
        cases.put("/metrics", "/metrics");
        cases.put("/v1/overview", "/v1/overview");
        cases.put("/v1/bars", "/v1/bars?venue=" + VENUE + "&symbol=" + SYMBOL);
        cases.put("/v1/bars/latest", "/v1/bars/latest?venue=" + VENUE + "&symbol=" + SYMBOL);
        cases.put("/v1/book", "/v1/book?venue=binance&symbol=BTCUSDT&depth=5");
        cases.put("/v1/greeks/latest", "/v1/greeks/latest");
        cases.put("/v1/greeks/snapshots", "/v1/greeks/snapshots?broker=ibkr");
        cases.put("/v1/executions", "/v1/executions");
        cases.put("/v1/gaps", "/v1/gaps?venue=" + VENUE + "&symbol=" + SYMBOL);
        cases.put("/v1/trades", "/v1/trades");
        cases.put("/v1/instruments", "/v1/instruments");
        cases.put("/v1/retention/plan", "/v1/retention/plan");
        cases.put("/v1/streaming/status", "/v1/streaming/status");
        cases.put("/v1/summaries", "/v1/summaries?venue=" + VENUE + "&symbol=" + SYMBOL + "&window=60s");
        cases.put("/v1/summaries/latest", "/v1/summaries/latest?venue=" + VENUE + "&symbol=" + SYMBOL);
        cases.put("/v1/features", "/v1/features?symbol=" + SYMBOL + "&name=intraday_vwap");
        cases.put("/v1/features/latest", "/v1/features/latest?symbol=" + SYMBOL + "&interval=1m");
        cases.put("/v1/decisions", "/v1/decisions?venue=" + VENUE);
        cases.put("/v1/decisions/latest", "/v1/decisions/latest");
        cases.put("/v1/reconciliation", "/v1/reconciliation?venue=binance&status=mismatched");
        cases.put("/v1/reconciliation/summary", "/v1/reconciliation/summary?venue=binance");
        assertThat(cases.keySet()).as("a happy-path case for every GET route").containsAll(p.httpGetPaths());
        for (String path : p.httpGetPaths()) {
            String url = cases.get(path);
            // The fake Binance's first depth snapshot takes a moment after the adapter starts.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        HttpResponse<String> r = get(p, url);
                        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
                    });
            HttpResponse<String> r = get(p, url);
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (path.equals("/metrics")) {
                assertThat(type).startsWith("text/plain");
            } else {
                assertThat(type).as(url).isEqualTo("application/json");
                assertThat(json.readTree(r.body()).isObject()).as(url).isTrue();
            }
        }
    }

    private JsonNode ok(Platform p, String path) throws Exception {
        HttpResponse<String> r = get(p, path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> get(Platform p, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String ts(Instant t) {
        return t.toString().replace('T', ' ').replace("Z", "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
