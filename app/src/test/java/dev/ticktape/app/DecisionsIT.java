package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.decisions.DecisionOutputs;
import dev.ticktape.app.decisions.DecisionSinkSpec;
import dev.ticktape.app.loadgen.DecisionsProbe;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.persistence.postgres.PostgresFixture;
import dev.ticktape.topology.decisions.DecisionConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions through the whole platform: one per instrument and completed 1s bar, in both stores, in the file sink
 * and to a TCP subscriber, with the gate file closing one instrument (docs/decisions.md).
 */
@ExtendWith(SharedKafkaBroker.class)
class DecisionsIT {
    private static final String VENUE = "dec";
    private static final List<String> SYMBOLS = List.of("DECA", "DECB");
    private static final String TOKEN = "decisions-it-token";

    @Test
    @Timeout(300)
    void everyBarGetsOneDecisionInEverySinkAndBothStores(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("decisions.ndjson");
        Path gate = dir.resolve("gate.json");
        Files.writeString(gate, "{\"scopes\": {\"dec:DECB\": {\"open\": false, \"reason\": \"test\"}}}");
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        PlatformSpec base = TestPlatforms.withPostgres(TestPlatforms.withAnalytics(TestPlatforms.all(dir)), url);
        PlatformSpec.AnalyticsSpec a = base.streams().analytics();
        PlatformSpec spec = base.toBuilder()
                .streams(base.streams()
                        .withAnalytics(new PlatformSpec.AnalyticsSpec(
                                a.summaries(),
                                a.features(),
                                DecisionConfig.defaults(
                                        "it-run", a.summaries().windows().get(0).toMillis()),
                                new DecisionOutputs.Spec(
                                        List.of(
                                                new DecisionSinkSpec.File(out),
                                                new DecisionSinkSpec.Tcp("127.0.0.1", 0)),
                                        false,
                                        gate,
                                        SharedKafkaBroker.uniqueName("dec")))))
                .control(new PlatformSpec.ControlSpec(
                        List.of(), Map.of(), false, Duration.ofSeconds(30), Map.of(), TOKEN))
                .build();
        List<String> received = new CopyOnWriteArrayList<>();
        try (Platform p = Platform.start(spec);
                Connection pgc = pg.jdbc(url)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            int port = p.decisionTcpPorts().get(0);
            Socket subscriber = new Socket("127.0.0.1", port);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(subscriber.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) received.add(l);
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            reader.setDaemon(true);
            reader.start();
            long base0 = Instant.parse("2025-05-07T10:00:00Z").toEpochMilli();
            List<TradeReplay.Tick> ticks = DecisionTape.ticks(SYMBOLS, base0, 300);
            new TradeReplay(ticks).send(p.gatewayPort(), VENUE, 0, ticks.size());
            try (Connection c = p.database().orElseThrow().openReader()) {
                String bars = "SELECT count(*) FROM ohlc_1s WHERE venue = 'dec'";
                String actions = "SELECT count(*) FROM stream_actions WHERE venue = 'dec'";
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> AnalyticsOracle.count(c, bars) >= 2 * 299
                                && AnalyticsOracle.count(c, actions) >= AnalyticsOracle.count(c, bars));
                long barCount = AnalyticsOracle.count(c, bars);
                // One decision per bar, each at a bar that exists, once.
                assertThat(AnalyticsOracle.count(c, actions)).isEqualTo(barCount);
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM stream_actions a WHERE venue = 'dec' AND NOT EXISTS (SELECT 1 "
                                        + "FROM ohlc_1s b WHERE b.venue = a.venue AND b.symbol = a.symbol "
                                        + "AND b.\"timestamp\" = a.\"timestamp\")"))
                        .isZero();
                assertThat(AnalyticsOracle.count(c, "SELECT count(*) FROM stream_state WHERE venue = 'dec'"))
                        .isEqualTo(barCount);
                // The gate file closed DECB: its latest decision observes; DECA's trades.
                assertThat(rows(c, "SELECT symbol, posture, reason FROM stream_actions_latest WHERE venue = 'dec'"))
                        .contains("DECB|OBSERVE|gate_closed:file|");
                assertThat(AnalyticsOracle.count(
                                c,
                                "SELECT count(*) FROM stream_actions WHERE symbol = 'DECA' AND reason LIKE 'enter_%'"))
                        .isPositive();

                // The file sink and the subscriber got every decision (deduplicated on the documented key).
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> keys(Files.readAllLines(out)).size() == barCount);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> keys(received).size() == barCount);

                // PostgreSQL holds the same decisions and answers the latest view alike.
                String latest = "SELECT venue, symbol, state, target_exposure, posture, reason, run_id FROM "
                        + "stream_actions_latest WHERE venue = 'dec'";
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(rows(pgc, latest)).isEqualTo(rows(c, latest)));
                assertThat(AnalyticsOracle.count(pgc, actions)).isEqualTo(barCount);

                // The probe a user runs against the live platform agrees.
                ByteArrayOutputStream report = new ByteArrayOutputStream();
                DecisionsProbe.Result probe = new DecisionsProbe("http://127.0.0.1:" + p.httpPort(), TOKEN)
                        .run(new PrintStream(report, true, StandardCharsets.UTF_8));
                assertThat(probe.ok())
                        .as(report.toString(StandardCharsets.UTF_8))
                        .isTrue();
                assertThat(probe.withoutBar()).isZero();

                // The gate API: the token is required; with it, DECA observes from the next bars on.
                String body = "{\"scopes\": {\"dec:DECA\": {\"open\": false, \"reason\": \"api test\"}}}";
                assertThat(postGate(p, body, null).statusCode()).isEqualTo(401);
                HttpResponse<String> ok = postGate(p, body, TOKEN);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                List<TradeReplay.Tick> more = DecisionTape.ticks(SYMBOLS, base0 + 300_000, 30);
                new TradeReplay(more).send(p.gatewayPort(), VENUE, 0, more.size());
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> rows(
                                        c,
                                        "SELECT symbol, posture, reason FROM stream_actions_latest WHERE "
                                                + "venue = 'dec' AND symbol = 'DECA'")
                                .equals(List.of("DECA|OBSERVE|gate_closed:api|")));
            }
            subscriber.close();
        } finally {
            pg.dropDatabase(url);
        }
    }

    private static HttpResponse<String> postGate(Platform p, String body, String token) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + p.httpPort() + "/v1/decisions/gate"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) req.header("Authorization", "Bearer " + token);
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The dedupe keys (run_id, ts_ms, venue, symbol) of decision lines. */
    private static Set<String> keys(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String l : lines) {
            if (!l.contains("\"venue\":\"dec\"")) continue;
            out.add(l.replaceAll(
                    ".*\"symbol\":\"([A-Z]+)\",\"ts_ms\":(\\d+),.*\"run_id\":\"([^\"]+)\".*", "$3|$2|dec|$1"));
        }
        return out;
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) row.append(rs.getObject(i)).append('|');
                out.add(row.toString());
            }
        }
        Collections.sort(out);
        return out;
    }
}
