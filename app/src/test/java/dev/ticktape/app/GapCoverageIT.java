package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.persistence.postgres.PostgresFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage on every stored bar, end to end: trades through the gateway and the topology into both stores, gap
 * records straight onto {@code md.gaps} (an open gap, a closed unrecovered one of one instrument, a backfilled one
 * of a whole connection, and a gap that is replaced: recorded as not recovered, then as backfilled). {@code /v1/bars}
 * must answer, for each store, the coverage that SQL written here over the raw tables gives (a LEFT JOIN of
 * {@code ohlc_1s}/{@code ohlc_1m} with {@code feed_gaps} on epoch milliseconds, counted per bar), and that must match
 * the values worked out by hand from the tape; {@code /v1/gaps} must answer the latest record of each gap only, and
 * {@code /v1/stream?kind=gaps} must carry both records of the replaced one.
 */
@ExtendWith(SharedKafkaBroker.class)
class GapCoverageIT {
    private static final String VENUE = "gcv";
    /** A whole minute, so the tape's first two minutes are two 1m bars. */
    private static final long BASE = Instant.parse("2025-04-07T10:00:00Z").toEpochMilli();

    private static final int SECONDS = 180;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final EventCodec codec = new EventCodec();

    @Test
    @Timeout(300)
    void barsCarryTheCoverageOfTheStoredLedgerInBothStores(@TempDir Path dir) throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        // Gateway, topology and DuckDB in one process; in a second, PostgreSQL as the only store, so each process's
        // /v1/bars and /v1/gaps read its own store (a process with both reads DuckDB).
        PlatformSpec spec = TestPlatforms.all(dir.resolve("all"));
        PlatformSpec pgOnly = TestPlatforms.shared("test-pg", dir.resolve("pg"))
                .postgres(new PlatformSpec.PostgresSpec(
                        PostgresConfig.of(url), SharedKafkaBroker.uniqueName("sink-pg"), 5000, Duration.ofMillis(200)))
                .http("127.0.0.1", 0)
                .build();
        try (Platform p = Platform.start(spec);
                Platform pgStore = Platform.start(pgOnly);
                Connection pgc = pg.jdbc(url)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            List<TradeReplay.Tick> ticks = tape();
            try (SseTestClient gapStream =
                            new SseTestClient(p.httpPort(), "kind=gaps&venue=" + VENUE + "&symbols=GCC");
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                            Map.of("bootstrap.servers", p.bootstrapServers(), "acks", "all"),
                            new StringSerializer(),
                            new ByteArraySerializer())) {
                // Late trades at the end of the same connection (its producer clock is past them) revise two of
                // GCA's bars within the allowed lateness: one in a gap, one not.
                List<TradeReplay.Tick> late = List.of(
                        new TradeReplay.Tick(ticks.size(), "GCA", BASE + 12_300, 99, 1),
                        new TradeReplay.Tick(ticks.size() + 1, "GCA", BASE + 30_200, 99, 1));
                List<TradeReplay.Tick> sent = new ArrayList<>(ticks);
                sent.addAll(late);
                new TradeReplay(sent).send(p.gatewayPort(), VENUE, 0, sent.size());

                Gap gccNone = new Gap(
                        VENUE,
                        "WS-C",
                        BASE + 70_000,
                        BASE + 72_100,
                        BASE + 72_000,
                        List.of("GCC"),
                        Gap.Cause.SEQUENCE_GAP,
                        Gap.Recovery.NONE,
                        0,
                        "trade ids 1000..1040 missing");
                publish(
                        producer,
                        // GCB, open since BASE + 100.5 s: the feed of that connection is down now.
                        Gap.open(VENUE, "WS-B", BASE + 100_500, List.of("GCB"), Gap.Cause.DISCONNECT, "reset"),
                        // GCA alone, [BASE + 10 s, BASE + 15.5 s), nothing recovered.
                        new Gap(
                                VENUE,
                                "WS-A",
                                BASE + 10_000,
                                BASE + 16_000,
                                BASE + 15_500,
                                List.of("GCA"),
                                Gap.Cause.STALE_FEED,
                                Gap.Recovery.NONE,
                                0,
                                null),
                        // The whole connection WS-A, [BASE + 40 s, BASE + 45 s), backfilled.
                        new Gap(
                                VENUE,
                                "WS-A",
                                BASE + 40_000,
                                BASE + 46_000,
                                BASE + 45_000,
                                List.of(),
                                Gap.Cause.DISCONNECT,
                                Gap.Recovery.BACKFILLED,
                                31,
                                "rest backfill"),
                        gccNone);
                // Recorded as not recovered first, in both stores, then replaced.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> gccRecovery(p).equals("none")
                                && gccRecovery(pgStore).equals("none"));
                Gap gccBackfilled = gccNone.closed(BASE + 72_000, BASE + 80_000, Gap.Recovery.BACKFILLED, 40);
                publish(producer, gccBackfilled);

                try (Connection duck = p.database().orElseThrow().openReader()) {
                    long trades = ticks.size() + late.size();
                    long finalTrades = trades
                            - ticks.stream()
                                    .filter(t -> t.ts() >= BASE + (SECONDS - 1) * 1000L)
                                    .count();
                    try {
                        await().atMost(Duration.ofSeconds(120))
                                .pollInterval(Duration.ofMillis(500))
                                .until(() -> TradeReplay.storedTrades(duck, "ohlc_1s", VENUE) >= finalTrades
                                        && TradeReplay.storedTrades(pgc, "ohlc_1s", VENUE) >= finalTrades
                                        && revised(duck) == 2
                                        && revised(pgc) == 2
                                        && gccRecovery(p).equals("backfilled")
                                        && gccRecovery(pgStore).equals("backfilled"));
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("stored trades %d / %d of %d, revised bars %d / %d, GCC's gap %s / %s"
                                .formatted(
                                        TradeReplay.storedTrades(duck, "ohlc_1s", VENUE),
                                        TradeReplay.storedTrades(pgc, "ohlc_1s", VENUE),
                                        finalTrades,
                                        revised(duck),
                                        revised(pgc),
                                        gccRecovery(p),
                                        gccRecovery(pgStore)));
                    }

                    for (String interval : List.of("1s", "1m")) {
                        Map<String, String> duckOracle = oracle(duck, interval, DUCK_EPOCH_MS, DUCK_NAMES);
                        Map<String, String> pgOracle = oracle(pgc, interval, PG_EPOCH_MS, PG_NAMES);
                        assertThat(pgOracle)
                                .as("the same oracle in both stores, " + interval)
                                .isEqualTo(duckOracle);
                        assertThat(coverage(p, interval))
                                .as("DuckDB /v1/bars " + interval)
                                .isEqualTo(duckOracle);
                        assertThat(coverage(pgStore, interval))
                                .as("PostgreSQL /v1/bars " + interval)
                                .isEqualTo(pgOracle);
                    }
                    assertHandWorkedValues(
                            oracle(duck, "1s", DUCK_EPOCH_MS, DUCK_NAMES),
                            oracle(duck, "1m", DUCK_EPOCH_MS, DUCK_NAMES));
                }

                for (Platform reader : List.of(p, pgStore)) {
                    JsonNode all = ok(reader, "/v1/gaps?venue=" + VENUE + "&from=" + BASE + "&to=" + (BASE + 600_000));
                    assertThat(all.path("count").asInt())
                            .as("one row per gap identity")
                            .isEqualTo(4);
                    JsonNode gcc = ok(reader, "/v1/gaps?venue=" + VENUE + "&symbol=gcc&from=" + BASE)
                            .path("gaps");
                    // GCC: its own gap and the connection-wide one; the replaced record is the only one of its gap.
                    assertThat(gcc).hasSize(2);
                    JsonNode replaced = gcc.get(1);
                    assertThat(replaced.path("connection").asText()).isEqualTo("WS-C");
                    assertThat(replaced.path("recovery").asText()).isEqualTo("backfilled");
                    assertThat(replaced.path("recovered").asLong()).isEqualTo(40);
                    assertThat(replaced.path("recv_ms").asLong()).isEqualTo(BASE + 80_000);
                    assertThat(replaced.path("to_ms").asLong()).isEqualTo(BASE + 72_000);
                    assertThat(replaced.path("open").asBoolean()).isFalse();
                    assertThat(replaced.path("detail").asText()).isEqualTo("trade ids 1000..1040 missing");
                    assertThat(gcc.get(0).path("all_instruments").asBoolean()).isTrue();
                    JsonNode open = ok(reader, "/v1/gaps?venue=" + VENUE + "&symbol=GCB&from=" + (BASE + 50_000))
                            .path("gaps");
                    assertThat(open).hasSize(1);
                    assertThat(open.get(0).path("to_ms").isNull()).isTrue();
                    assertThat(open.get(0).path("open").asBoolean()).isTrue();
                    HttpResponse<String> bad = get(reader, "/v1/gaps?venue=Bad Venue".replace(" ", "%20"));
                    assertThat(bad.statusCode()).isEqualTo(400);
                    assertThat(json.readTree(bad.body()).path("error").asText()).contains("venue");
                }

                // The stream carries every record of GCC's gap (the replaced one first) and the connection-wide
                // one; not GCA's or GCB's.
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> gapStream.ofType("gap").size() >= 3);
                List<String> streamed = new ArrayList<>();
                for (SseTestClient.Event e : gapStream.ofType("gap")) {
                    JsonNode g = json.readTree(e.data());
                    streamed.add(
                            g.path("symbol").asText() + "/" + g.path("recovery").asText());
                }
                assertThat(streamed).containsExactlyInAnyOrder("WS-A/backfilled", "WS-C/none", "WS-C/backfilled");
                assertThat(streamed.indexOf("WS-C/none")).isLessThan(streamed.indexOf("WS-C/backfilled"));
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    /**
     * The rows of the tape worked out by hand. GCA trades every second, GCB every second, GCC on even seconds only.
     * GCA: 10..15 feed_gap (12 revised as well: the gap wins), 30 revised, 40..44 backfilled. GCB: 40..44
     * backfilled, 100 onwards feed_gap (the open gap starts at 100.5 s). GCC: 40, 42, 44 backfilled, 70 backfilled
     * (the replaced gap), no row for odd seconds.
     */
    private static void assertHandWorkedValues(Map<String, String> seconds, Map<String, String> minutes) {
        Map<String, String> expected = new TreeMap<>();
        for (int s = 0; s < SECONDS - 1; s++) {
            expected.put(
                    key("GCA", s * 1000L),
                    s >= 10 && s <= 15
                            ? "feed_gap"
                            : s == 30 ? "revised" : s >= 40 && s <= 44 ? "backfilled" : "complete");
            expected.put(key("GCB", s * 1000L), s >= 100 ? "feed_gap" : s >= 40 && s <= 44 ? "backfilled" : "complete");
            if (s % 2 == 0) {
                expected.put(key("GCC", s * 1000L), s >= 40 && s <= 44 || s == 70 ? "backfilled" : "complete");
            }
        }
        assertThat(seconds).isEqualTo(expected);
        // Minute 0 holds GCA's unrecovered gap, minute 1 GCB's open one; the third minute is still open (no row).
        assertThat(minutes)
                .isEqualTo(Map.of(
                        key("GCA", 0), "feed_gap",
                        key("GCB", 0), "backfilled",
                        key("GCC", 0), "backfilled",
                        key("GCA", 60_000), "complete",
                        key("GCB", 60_000), "feed_gap",
                        key("GCC", 60_000), "backfilled"));
    }

    private static final String DUCK_EPOCH_MS = "epoch_ms(%s)";
    private static final String PG_EPOCH_MS = "(extract(epoch FROM %s) * 1000)::bigint";
    /** "The gap names the bar's symbol or none", per dialect. */
    private static final String DUCK_NAMES = "(len(g.instruments) = 0 OR list_contains(g.instruments, b.symbol))";

    private static final String PG_NAMES = "(cardinality(g.instruments) = 0 OR b.symbol = ANY (g.instruments))";

    /**
     * The oracle: per stored bar of the venue (final ones: the tape's last second and minute are still open), the gaps
     * whose [from, to) overlaps [start, start + interval) in epoch ms, counted, unrecovered ones apart; then the
     * precedence of the coverage values. Written here, over the raw tables, not through the views under test.
     */
    private static Map<String, String> oracle(Connection c, String interval, String epochMs, String names)
            throws SQLException {
        long width = interval.equals("1s") ? 1000 : 60_000;
        String start = epochMs.formatted("b.\"timestamp\"");
        String sql = "SELECT b.symbol, " + start + " - " + BASE + " AS t, "
                + "CASE WHEN count(g.venue) FILTER (WHERE g.recovery <> 'backfilled') > 0 THEN 'feed_gap' "
                + "WHEN count(g.venue) > 0 THEN 'backfilled' "
                + "WHEN max(b.revision) > 0 THEN 'revised' ELSE 'complete' END "
                + "FROM ohlc_" + interval + " b LEFT JOIN feed_gaps g ON g.venue = b.venue AND " + names
                + " AND " + epochMs.formatted("g.from_ts") + " < " + start + " + " + width
                + " AND (g.to_ts IS NULL OR " + epochMs.formatted("g.to_ts") + " > " + start + ") "
                + "WHERE b.venue = '" + VENUE + "' AND " + start + " < " + (BASE + SECONDS * 1000L - width)
                + " GROUP BY b.symbol, " + start;
        Map<String, String> out = new TreeMap<>();
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            while (r.next()) out.put(key(r.getString(1), r.getLong(2)), r.getString(3));
        }
        return out;
    }

    /** Every bar's coverage from {@code /v1/bars} of one process, same keys as the oracle. */
    private Map<String, String> coverage(Platform p, String interval) throws Exception {
        long width = interval.equals("1s") ? 1000 : 60_000;
        Map<String, String> out = new TreeMap<>();
        for (String symbol : List.of("GCA", "GCB", "GCC")) {
            JsonNode body = ok(
                    p,
                    "/v1/bars?source=db&venue=" + VENUE + "&symbol=" + symbol + "&interval=" + interval + "&from="
                            + BASE + "&to=" + (BASE + SECONDS * 1000L - width));
            assertThat(body.path("truncated").asBoolean()).isFalse();
            for (JsonNode b : body.path("bars")) {
                out.put(
                        key(symbol, b.path("ts_ms").asLong() - BASE),
                        b.path("coverage").asText());
            }
        }
        return out;
    }

    private static String key(String symbol, long offsetMs) {
        return String.format("%s@%06d", symbol, offsetMs);
    }

    private String gccRecovery(Platform p) throws Exception {
        HttpResponse<String> r = get(p, "/v1/gaps?venue=" + VENUE + "&symbol=GCC&from=" + (BASE + 60_000));
        if (r.statusCode() != 200) return "";
        JsonNode gaps = json.readTree(r.body()).path("gaps");
        for (JsonNode g : gaps) {
            if (g.path("connection").asText().equals("WS-C"))
                return g.path("recovery").asText();
        }
        return "";
    }

    private static long revised(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery(
                        "SELECT count(*) FROM ohlc_1s WHERE venue = '" + VENUE + "' AND revision > 0")) {
            r.next();
            return r.getLong(1);
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer, Gap... gaps) throws Exception {
        for (Gap g : gaps) {
            // Keyed by venue:connection like the adapters, so the records of one gap stay in order.
            producer.send(new ProducerRecord<>(Topics.GAPS, g.venue() + ":" + g.symbol(), codec.encode(g)))
                    .get();
        }
    }

    /** GCA and GCB trade every second, GCC on even seconds; two trades a second each, in time order. */
    private static List<TradeReplay.Tick> tape() {
        List<TradeReplay.Tick> out = new ArrayList<>();
        for (int s = 0; s < SECONDS; s++) {
            for (int i = 0; i < 2; i++) {
                long ts = BASE + s * 1000L + i * 400L;
                out.add(new TradeReplay.Tick(out.size(), "GCA", ts, 100 + s % 5, 1));
                out.add(new TradeReplay.Tick(out.size(), "GCB", ts + 50, 50 + s % 3, 2));
                if (s % 2 == 0) out.add(new TradeReplay.Tick(out.size(), "GCC", ts + 100, 20, 3));
            }
        }
        return out;
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
}
