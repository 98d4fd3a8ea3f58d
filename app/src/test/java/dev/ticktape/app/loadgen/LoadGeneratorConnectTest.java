package dev.ticktape.app.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.cli.TicktapeCommand;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * loadgen against a gateway that is not up yet, goes away mid-run, or never comes: it waits (retrying) within the
 * connect wait, counts as sent exactly the lines the listener could read, and fails with one line when nobody
 * listens.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorConnectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void waitsForAGatewayThatStartsListeningLater() throws Exception {
        int port = freePort();
        LoadGenerator gen = new LoadGenerator(config(port, 2, Duration.ofSeconds(20)));
        CompletableFuture<LoadGenerator.Sent> run = runAsync(gen);

        // A second with nothing listening: every attempt is refused, and loadgen must still be waiting.
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(run).isNotDone();

        List<String> received = new CopyOnWriteArrayList<>();
        try (ServerSocket server = listen(port)) {
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readConnections(server, 1, received));
            LoadGenerator.Sent sent = run.get(20, TimeUnit.SECONDS);
            reader.get(10, TimeUnit.SECONDS);

            assertThat(sent.reconnects()).isZero();
            assertThat(sent.inDoubt()).isZero();
            assertThat(sent.lines()).isPositive().isEqualTo(received.size());
            assertThat(received.stream().filter(l -> type(l).equals("trade")).count())
                    .isEqualTo(sent.trades());
            assertThat(received.stream().filter(l -> type(l).equals("ohlc1s")).count())
                    .isEqualTo(sent.bars());
        }
    }

    @Test
    void reconnectsWhenTheGatewayDropsTheConnectionMidRun() throws Exception {
        int port = freePort();
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        try (ServerSocket server = listen(port)) {
            CompletableFuture<Void> gateway = CompletableFuture.runAsync(() -> {
                try {
                    try (Socket s = server.accept()) { // the first connection: read 50 lines, then drop it
                        BufferedReader in = reader(s);
                        for (int i = 0; i < 50; i++) first.add(in.readLine());
                    }
                    readConnections(server, 1, second);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            LoadGenerator.Sent sent = new LoadGenerator(config(port, 3, Duration.ofSeconds(20))).run();
            gateway.get(10, TimeUnit.SECONDS);

            assertThat(sent.reconnects()).isEqualTo(1);
            assertThat(second).isNotEmpty().allSatisfy(l -> assertThat(type(l)).isIn("trade", "ohlc1s"));
            // Everything counted as sent was written in full; lines the first socket took after the drop are
            // counted too (the kernel accepted them), so the listener read at most what was sent.
            assertThat((long) first.size() + second.size()).isLessThanOrEqualTo(sent.lines());
        }
    }

    @Test
    void failsWithOneLineWhenNothingEverListens() throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new LoadGenerator(config(port, 1, Duration.ofSeconds(1))).run())
                .isInstanceOf(GatewayUnreachableException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port
                        + " for 1 s: connection refused; is the gateway running?");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void theCommandPrintsThatOneLineAndExitsWith2() throws Exception {
        int port = freePort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = TicktapeCommand.commandLine()
                    .execute(
                            "loadgen",
                            "--port",
                            Integer.toString(port),
                            "--wait-seconds",
                            "1",
                            "--seconds",
                            "1",
                            "--no-verify");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("ticktape loadgen: cannot connect to 127.0.0.1:" + port
                        + " for 1 s: connection refused; is the gateway running?" + System.lineSeparator());
    }

    private static LoadGenerator.Config config(int port, int seconds, Duration wait) {
        return new LoadGenerator.Config("127.0.0.1", port, "lgtest", "T1", 500, seconds, 5, 0.2, false, 7L, wait);
    }

    private static CompletableFuture<LoadGenerator.Sent> runAsync(LoadGenerator gen) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gen.run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Accepts {@code n} connections one after the other and reads each to its end. */
    private static void readConnections(ServerSocket server, int n, List<String> into) {
        try {
            for (int i = 0; i < n; i++) {
                try (Socket s = server.accept()) {
                    BufferedReader in = reader(s);
                    List<String> lines = new ArrayList<>();
                    for (String l = in.readLine(); l != null; l = in.readLine()) lines.add(l);
                    into.addAll(lines);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static String type(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n.path("type").asText();
        } catch (IOException e) {
            return "not json: " + line;
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
