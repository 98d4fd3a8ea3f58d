package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM loses nothing accepted: live trades for 3 s over 200 symbols, SIGTERM once the gateway has accepted every
 * line sent (its counter; on a loaded machine a fixed pause was not always enough for it to read them), and after
 * the processes exit the DuckDB file holds exactly the bars an independent GROUP BY of what was sent gives (the
 * open seconds and the current minute included). Once for {@code ticktape run}, once for {@code broker},
 * {@code persist}, {@code streams} and {@code gateway} as separate processes stopped in order.
 */
class StopDrainIT {
    private static final int SYMBOLS = 200;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sigtermToRunStoresEveryAcceptedTrade(@TempDir Path dir) throws Exception {
        int kafka = ChildProcess.freePort();
        int gateway = ChildProcess.freePort();
        int http = ChildProcess.freePort();
        ChildProcess run = ChildProcess.start(
                "stop-run",
                "run",
                "--data-dir",
                dir.toString(),
                "--kafka-port",
                Integer.toString(kafka),
                "--port",
                Integer.toString(gateway),
                "--http-port",
                Integer.toString(http),
                "--retention-every",
                "0s");
        try {
            awaitOutput(run, "ready in");
            List<TradeReplay.Tick> sent = new ArrayList<>();
            try (Socket client = sendLive(gateway, "stoprun", sent)) {
                assertThat(client.isConnected()).isTrue();
                awaitAccepted(http, sent.size());
                run.close(); // the client is still connected: the drain, not its goodbye, closes the open bars
            }
            assertThat(run.exitValue())
                    .as("exit code (143: SIGTERM after the shutdown hook ran); output:%n%s", run.output())
                    .isIn(0, 143);
            assertThat(run.output()).contains("drain complete");
            assertStored(dir.resolve("ticktape.duckdb"), "stoprun", sent, run);
        } finally {
            run.kill();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void splitProcessesStoppedInOrderStoreEveryAcceptedTrade(@TempDir Path dir) throws Exception {
        int kafka = ChildProcess.freePort();
        int gateway = ChildProcess.freePort();
        String bootstrap = "127.0.0.1:" + kafka;
        ChildProcess broker = ChildProcess.start(
                "stop-broker",
                "broker",
                "--data-dir",
                dir.resolve("b").toString(),
                "--kafka-port",
                Integer.toString(kafka));
        ChildProcess persist = null;
        ChildProcess streams = null;
        ChildProcess gw = null;
        try {
            awaitOutput(broker, "ready in");
            persist = ChildProcess.start(
                    "stop-persist",
                    "persist",
                    "--bootstrap-servers",
                    bootstrap,
                    "--data-dir",
                    dir.resolve("p").toString(),
                    "--http-port",
                    Integer.toString(ChildProcess.freePort()),
                    "--retention-every",
                    "0s");
            streams = ChildProcess.start(
                    "stop-streams",
                    "streams",
                    "--bootstrap-servers",
                    bootstrap,
                    "--data-dir",
                    dir.resolve("s").toString(),
                    "--http-port",
                    "-1");
            int gatewayHttp = ChildProcess.freePort();
            gw = ChildProcess.start(
                    "stop-gateway",
                    "gateway",
                    "--bootstrap-servers",
                    bootstrap,
                    "--port",
                    Integer.toString(gateway),
                    "--http-port",
                    Integer.toString(gatewayHttp));
            awaitOutput(persist, "ready in");
            awaitOutput(streams, "ready in");
            awaitOutput(gw, "ready in");

            List<TradeReplay.Tick> sent = new ArrayList<>();
            try (Socket client = sendLive(gateway, "stopsplit", sent)) {
                assertThat(client.isConnected()).isTrue();
                awaitAccepted(gatewayHttp, sent.size());
                for (ChildProcess c : List.of(gw, streams, persist)) {
                    c.close();
                    assertThat(c.exitValue())
                            .as("exit code (143: SIGTERM after the shutdown hook ran); output:%n%s", c.output())
                            .isIn(0, 143);
                }
            }
            assertThat(streams.output()).contains("drain complete");
            assertThat(persist.output()).contains("drain complete");
            assertStored(dir.resolve("p").resolve("ticktape.duckdb"), "stopsplit", sent, gw, streams, persist);
        } finally {
            for (ChildProcess c : new ChildProcess[] {gw, streams, persist, broker}) {
                if (c != null) c.kill();
            }
        }
    }

    /**
     * Live trades (event time = now) for 3 s over 200 symbols on one connection, added to {@code sent}; returns the
     * connection, still open.
     */
    private static Socket sendLive(int port, String venue, List<TradeReplay.Tick> sent) throws IOException {
        SplittableRandom rnd = new SplittableRandom(17);
        Socket s = new Socket("127.0.0.1", port);
        {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            long start = System.currentTimeMillis();
            int seq = 0;
            while (System.currentTimeMillis() - start < 3_000) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < 50; i++) {
                    TradeReplay.Tick t = new TradeReplay.Tick(
                            seq++,
                            String.format(Locale.ROOT, "STOP%03d", rnd.nextInt(SYMBOLS)),
                            now,
                            Math.round((50 + rnd.nextDouble() * 10) * 100) / 100.0,
                            (1 + rnd.nextInt(1000)) / 1000.0);
                    sent.add(t);
                    out.write(t.json(venue).getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // pacing of a live feed, not a wait
            }
            out.flush();
        }
        return s;
    }

    /** Waits until the gateway answering on {@code httpPort} has accepted {@code lines} lines. */
    private static void awaitAccepted(int httpPort, int lines) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body()
                                .lines()
                                .filter(l -> l.startsWith("ticktape_gateway_lines_accepted_total"))
                                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                                .sum(),
                        n -> n >= lines);
    }

    private static void assertStored(Path duckdb, String venue, List<TradeReplay.Tick> sent, ChildProcess... procs)
            throws Exception {
        var expected = new TradeReplay(sent).expectedBars();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb.toAbsolutePath())) {
            try {
                BarAssertions.assertSameBars(TradeReplay.storedBars(c, venue), expected);
            } catch (AssertionError e) {
                for (ChildProcess p : procs) System.out.printf("---- child process output:%n%s%n", p.output());
                throw e;
            }
            assertThat(TradeReplay.storedTrades(c, "ohlc_1m", venue))
                    .as(
                            "trades in 1m bars; per minute (1s sum, 1m" + " trades, revision): %s",
                            minuteDiagnostics(c, venue))
                    .isEqualTo(sent.size());
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d trades in %d 1s bars, all stored after SIGTERM%n",
                venue,
                sent.size(),
                expected.size());
    }

    private static String minuteDiagnostics(Connection c, String venue) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT s.m, s.t, m.trades, m.revision FROM"
                        + " (SELECT symbol, time_bucket(INTERVAL 1 minute, \"timestamp\") AS m, sum(trades) AS t FROM ohlc_1s"
                        + " WHERE venue = '" + venue + "' GROUP BY ALL) s LEFT JOIN ohlc_1m m ON m.venue = '" + venue
                        + "'"
                        + " AND m.symbol = s.symbol AND m.\"timestamp\" = s.m WHERE m.trades IS DISTINCT FROM s.t")) {
            while (rs.next()) {
                out.append(String.format(
                        Locale.ROOT,
                        "%n  %s 1s=%d 1m=%s rev=%s",
                        rs.getObject(1),
                        rs.getLong(2),
                        rs.getObject(3),
                        rs.getObject(4)));
            }
        }
        return out.toString();
    }

    private static void awaitOutput(ChildProcess p, String text) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!p.alive()) throw new IllegalStateException("process exited:\n" + p.output());
                    return Files.exists(Path.of(".")) && p.output().contains(text);
                });
    }
}
