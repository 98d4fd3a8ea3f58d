package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.reconcile.ReconcileSettings;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.PolygonKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Topics;
import dev.ticktape.persistence.postgres.PostgresFixture;
import dev.ticktape.venuesim.FakeBinanceOptions;
import dev.ticktape.venuesim.FakeBinanceServer;
import dev.ticktape.venuesim.FakePolygonOptions;
import dev.ticktape.venuesim.FakePolygonServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation end to end: the Binance and Polygon adapters against fake venues whose clocks run 30x real time
 * (historical timestamps, so a venue minute takes 2 s), through the real broker, the topology and DuckDB (and
 * PostgreSQL when {@code TICKTAPE_PG_URL} is set). The venues drop a few trades of two instruments without telling;
 * the oracle is the venues' own record of what they dropped. Every window of the clean instruments, and every
 * window of the others without a dropped trade, must match; exactly the minutes (and, for Binance, the seconds)
 * holding a dropped trade must not, each short by exactly the dropped trades.
 *
 * <p>The job runs on a clock the test holds: it starts before the checked range (so no partly received minute is
 * judged) and moves to the venues' pause time only once the stores hold every streamed trade.
 */
@ExtendWith(SharedKafkaBroker.class)
class ReconciliationIT {
    private static final List<String> BINANCE = List.of("BTCUSDT", "ETHUSDT");
    private static final List<String> POLYGON = List.of("AAPL", "MSFT");
    private static final long MIN = 60_000;
    private static final long STEP_MS = 600; // venue ms per 20 ms tick: 30x
    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(300)
    void cleanInstrumentsMatchAndExactlyTheWindowsWithSilentlyDroppedTradesDoNot(@TempDir Path dir) throws Exception {
        long start = Instant.now()
                .minus(90, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.MINUTES)
                .toEpochMilli();
        long checkedFrom = start + 11 * MIN;
        FakeBinanceServer[] binance = new FakeBinanceServer[1];
        FakePolygonServer[] polygon = new FakePolygonServer[1];
        BinanceKind binanceKind = new BinanceKind(syms -> binance[0] = FakeBinanceServer.start(
                FakeBinanceOptions.defaults(0, 11, syms).withTick(Duration.ofMillis(20)), start, STEP_MS));
        PolygonKind polygonKind = new PolygonKind(
                syms -> polygon[0] = FakePolygonServer.start(
                        FakePolygonOptions.defaults(0, 11, syms).withTime(Duration.ofMillis(20), start, STEP_MS)),
                reason -> {});
        // Before the checked range: the first window judged is the first minute 30 s after this.
        AtomicLong clockMs = new AtomicLong(checkedFrom - MIN);
        ReconcileSettings settings = ReconcileSettings.defaults(Duration.ofMinutes(15))
                .withEvery(Duration.ofMillis(500))
                .withBinanceIntervals(List.of(BarInterval.M1, BarInterval.S1))
                .withClock(new HeldClock(clockMs));
        settings = new ReconcileSettings(
                settings.every(),
                Duration.ZERO,
                settings.recheckFor(),
                0,
                settings.binanceIntervals(),
                0,
                settings.clock());
        PlatformSpec base = TestPlatforms.all(dir);
        PlatformSpec.Builder b = base.toBuilder()
                .gateway(null)
                .control(new PlatformSpec.ControlSpec(
                        List.of(binanceKind, polygonKind),
                        Map.of("binance", BINANCE, "polygon", POLYGON),
                        false,
                        Duration.ofSeconds(30),
                        Map.of(),
                        null))
                .reconcile(settings);
        String pgUrl = System.getenv(PostgresFixture.ENV) == null
                ? null
                : PostgresFixture.get().createDatabase();
        PlatformSpec spec = pgUrl == null ? b.build() : TestPlatforms.withPostgres(b.build(), pgUrl);
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> binance[0] != null && polygon[0] != null);
            FakeBinanceServer bv = binance[0];
            FakePolygonServer pv = polygon[0];

            // Clean minutes first, then trades lost without telling in two instruments, then more clean minutes.
            awaitVenues(bv, pv, t -> t >= start + 13 * MIN + 20_000);
            bv.dropTradesSilently("BTCUSDT", 3);
            pv.dropTradesSilently("AAPL", 2);
            awaitVenues(bv, pv, t -> t >= start + 14 * MIN + 30_000);
            bv.dropTradesSilently("BTCUSDT", 1);
            awaitVenues(bv, pv, t -> t >= start + 17 * MIN + 10_000);
            bv.pauseMarket();
            pv.pauseMarket();
            long checkedTo = BarInterval.M1.start(Math.min(bv.venueTimeMs(), pv.venueTimeMs()));

            // The oracle: every trade the venues matched in the checked range, and the ones they did not send.
            Map<String, List<long[]>> matched = new HashMap<>(); // symbol -> [timeMs, dropped 0/1]
            for (String s : BINANCE) {
                for (FakeBinanceServer.SimTradeView t : bv.trades(s)) add(matched, "binance:" + s, t.timeMs(), 0);
                for (FakeBinanceServer.SimTradeView t : bv.silentlyDropped(s))
                    add(matched, "binance:" + s, t.timeMs(), 1);
            }
            for (String s : POLYGON) {
                List<FakePolygonServer.SimPrint> dropped = pv.silentlyDropped(s);
                for (FakePolygonServer.SimPrint t : pv.prints(s)) {
                    add(matched, "polygon:" + s, t.timeMs(), dropped.contains(t) ? 1 : 0);
                }
            }
            assertThat(bv.silentlyDropped("BTCUSDT")).hasSize(4);
            assertThat(pv.silentlyDropped("AAPL")).hasSize(2);
            matched.values().forEach(list -> list.removeIf(t -> t[0] < checkedFrom || t[0] >= checkedTo));
            assertThat(matched.get("binance:BTCUSDT").stream().filter(t -> t[1] == 1))
                    .hasSize(4);
            assertThat(matched.get("polygon:AAPL").stream().filter(t -> t[1] == 1))
                    .hasSize(2);

            try (Connection c = p.database().orElseThrow().openReader()) {
                // Every streamed trade of the range is in a stored 1s bar before the job may look.
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            for (Map.Entry<String, List<long[]>> e : matched.entrySet()) {
                                long streamed = e.getValue().stream()
                                        .filter(t -> t[1] == 0)
                                        .count();
                                assertThat(storedTrades(c, e.getKey(), checkedFrom, checkedTo))
                                        .as(e.getKey())
                                        .isEqualTo(streamed);
                            }
                        });
                clockMs.set(checkedTo);

                Map<String, TreeMap<Long, long[]>> expected1m = windows(matched, MIN); // ts -> [trades, dropped]
                Map<String, TreeMap<Long, long[]>> expected1s = windows(matched, 1_000);
                long expectedRows = rows(expected1m) + rows(subset(expected1s, "binance:"));
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> count(c, "SELECT count(*) FROM bar_reconciliation") >= expectedRows);
                assertThat(count(c, "SELECT count(*) FROM bar_reconciliation")).isEqualTo(expectedRows);

                assertWindows(c, "1m", expected1m);
                assertWindows(c, "1s", subset(expected1s, "binance:"));
                // The clean instruments: not one window off.
                assertThat(count(
                                c,
                                "SELECT count(*) FROM bar_reconciliation WHERE symbol IN ('ETHUSDT', 'MSFT') "
                                        + "AND status <> 'matched'"))
                        .isZero();

                long notMatched = count(c, "SELECT count(*) FROM bar_reconciliation WHERE status <> 'matched'");
                assertThat(notMatched)
                        .isEqualTo(droppedWindows(expected1m) + droppedWindows(subset(expected1s, "binance:")));
                // The job stores a run's rows, then counts them: the meters may trail the table by one run.
                await().atMost(Duration.ofSeconds(10))
                        .until(
                                () -> p.registry().find("ticktape.reconcile.checked").counters().stream()
                                        .mapToDouble(m -> m.count())
                                        .sum(),
                                n -> n >= expectedRows);
                assertThat(p.registry().find("ticktape.reconcile.checked").counters().stream()
                                .mapToDouble(m -> m.count())
                                .sum())
                        .isEqualTo(expectedRows);
                assertThat(p.registry().find("ticktape.reconcile.mismatched").counters().stream()
                                .mapToDouble(m -> m.count())
                                .sum())
                        .isEqualTo(notMatched);
                assertAlert(notMatched);
                assertRoutes(p, c, checkedFrom, checkedTo, expected1m);
                if (pgUrl != null) assertPostgresEqualsDuckDb(c, pgUrl);
            }
        } finally {
            if (pgUrl != null) PostgresFixture.get().dropDatabase(pgUrl);
        }
    }

    /** Per rows of the 1m/1s table: the stored rows equal the oracle window for window. */
    private void assertWindows(Connection c, String interval, Map<String, TreeMap<Long, long[]>> expected)
            throws Exception {
        for (Map.Entry<String, TreeMap<Long, long[]>> e : expected.entrySet()) {
            String[] vs = e.getKey().split(":");
            Map<Long, JsonNode[]> stored = new TreeMap<>();
            Map<Long, String> status = new TreeMap<>();
            Map<Long, String> fields = new TreeMap<>();
            try (Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT epoch_ms(ts), status, fields_differing, ours, theirs "
                            + "FROM bar_reconciliation WHERE venue = '" + vs[0] + "' AND symbol = '" + vs[1]
                            + "' AND \"interval\" = '" + interval + "'")) {
                while (r.next()) {
                    status.put(r.getLong(1), r.getString(2));
                    fields.put(r.getLong(1), r.getString(3));
                    stored.put(r.getLong(1), new JsonNode[] {
                        r.getString(4) == null ? null : json.readTree(r.getString(4)),
                        r.getString(5) == null ? null : json.readTree(r.getString(5))
                    });
                }
            }
            assertThat(status.keySet())
                    .as("%s %s windows", e.getKey(), interval)
                    .isEqualTo(e.getValue().keySet());
            for (Map.Entry<Long, long[]> w : e.getValue().entrySet()) {
                long ts = w.getKey();
                long trades = w.getValue()[0];
                long dropped = w.getValue()[1];
                String what = e.getKey() + " " + interval + " " + Instant.ofEpochMilli(ts);
                JsonNode theirs = stored.get(ts)[1];
                JsonNode ours = stored.get(ts)[0];
                assertThat(theirs.path("trades").asLong()).as(what).isEqualTo(trades);
                if (dropped == 0) {
                    assertThat(status.get(ts)).as(what).isEqualTo("matched");
                    assertThat(ours.path("trades").asLong()).as(what).isEqualTo(trades);
                } else if (dropped == trades) {
                    assertThat(status.get(ts)).as(what).isEqualTo("missing_ours");
                    assertThat(ours).as(what).isNull();
                } else {
                    assertThat(status.get(ts)).as(what).isEqualTo("mismatched");
                    assertThat(ours.path("trades").asLong()).as(what).isEqualTo(trades - dropped);
                    assertThat(fields.get(ts)).as(what).contains("trades").contains("volume");
                }
            }
        }
    }

    private void assertAlert(long notMatched) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers", SharedKafkaBroker.bootstrapServers(),
                        "group.id", SharedKafkaBroker.uniqueName("alerts"),
                        "auto.offset.reset", "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            List<JsonNode> alerts = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode a = json.readTree(r.value());
                    if (a.path("alert").asText().equals("reconcile_mismatch")) alerts.add(a);
                }
                return !alerts.isEmpty();
            });
            // One run judged the whole range: one alert naming every window that did not match.
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).path("mismatches").asLong()).isEqualTo(notMatched);
            assertThat(alerts.get(0).path("threshold").asInt()).isZero();
        }
    }

    private void assertRoutes(
            Platform p, Connection c, long from, long to, Map<String, TreeMap<Long, long[]>> expected1m)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String range = "&from=" + from + "&to=" + to;
        JsonNode rows =
                get(http, p, "/v1/reconciliation?venue=binance&symbol=btcusdt&interval=1m&status=mismatched" + range);
        List<Long> minutes = new ArrayList<>();
        for (JsonNode r : rows.path("rows")) minutes.add(r.path("ts_ms").asLong());
        List<Long> expected = new ArrayList<>();
        expected1m.get("binance:BTCUSDT").forEach((ts, w) -> {
            if (w[1] > 0 && w[1] < w[0]) expected.add(ts);
        });
        assertThat(minutes).isEqualTo(expected);
        JsonNode summary = get(http, p, "/v1/reconciliation/summary?" + range.substring(1));
        for (String status : List.of("matched", "mismatched", "missing_ours", "missing_theirs")) {
            assertThat(summary.path("by_status").path(status).asLong())
                    .as(status)
                    .isEqualTo(count(c, "SELECT count(*) FROM bar_reconciliation WHERE status = '" + status + "'"));
        }
    }

    private JsonNode get(HttpClient http, Platform p, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static void assertPostgresEqualsDuckDb(Connection duck, String pgUrl) throws Exception {
        String q = "SELECT venue || ' ' || symbol || ' ' || \"interval\" || ' ' || %s || ' ' || status "
                + "|| ' ' || fields_differing FROM bar_reconciliation ORDER BY 1";
        TreeSet<String> d = strings(duck, String.format(q, "epoch_ms(ts)"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection pg = PostgresFixture.get().jdbc(pgUrl)) {
                assertThat(strings(pg, String.format(q, "(extract(epoch from ts) * 1000)::bigint")))
                        .isEqualTo(d);
            }
        });
    }

    private static TreeSet<String> strings(Connection c, String sql) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    private static void add(Map<String, List<long[]>> m, String key, long timeMs, int dropped) {
        m.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {timeMs, dropped});
    }

    /** Per instrument, the windows of {@code widthMs} with trades: [trades matched, of them dropped]. */
    private static Map<String, TreeMap<Long, long[]>> windows(Map<String, List<long[]>> trades, long widthMs) {
        Map<String, TreeMap<Long, long[]>> out = new TreeMap<>();
        trades.forEach((k, list) -> {
            TreeMap<Long, long[]> w = out.computeIfAbsent(k, x -> new TreeMap<>());
            for (long[] t : list) {
                long[] acc = w.computeIfAbsent(Math.floorDiv(t[0], widthMs) * widthMs, x -> new long[2]);
                acc[0]++;
                acc[1] += t[1];
            }
        });
        return out;
    }

    private static Map<String, TreeMap<Long, long[]>> subset(Map<String, TreeMap<Long, long[]>> m, String prefix) {
        Map<String, TreeMap<Long, long[]>> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k, v);
        });
        return out;
    }

    private static long rows(Map<String, TreeMap<Long, long[]>> m) {
        return m.values().stream().mapToLong(TreeMap::size).sum();
    }

    private static long droppedWindows(Map<String, TreeMap<Long, long[]>> m) {
        return m.values().stream()
                .flatMap(w -> w.values().stream())
                .filter(a -> a[1] > 0)
                .count();
    }

    private static long storedTrades(Connection c, String key, long from, long to) throws SQLException {
        String[] vs = key.split(":");
        return count(
                c,
                "SELECT coalesce(sum(trades), 0) FROM ohlc_1s WHERE venue = '" + vs[0] + "' AND symbol = '" + vs[1]
                        + "' AND epoch_ms(\"timestamp\") >= " + from + " AND epoch_ms(\"timestamp\") < " + to);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void awaitVenues(FakeBinanceServer b, FakePolygonServer p, LongPredicate reached) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> reached.test(b.venueTimeMs()) && reached.test(p.venueTimeMs()));
    }

    /** A clock the test moves. */
    private static final class HeldClock extends Clock {
        private final AtomicLong ms;

        HeldClock(AtomicLong ms) {
            this.ms = ms;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ms.get());
        }

        @Override
        public long millis() {
            return ms.get();
        }
    }
}
