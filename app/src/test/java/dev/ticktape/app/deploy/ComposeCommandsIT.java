package dev.ticktape.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.loadgen.BarsVerifier;
import dev.ticktape.app.loadgen.LoadGenerator;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.persistence.postgres.PostgresFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose/compose.yaml, run without Docker: every ticktape service of the default and {@code demo} profiles starts
 * as a local JVM with exactly its {@code command} and {@code environment} (only addresses, ports and paths
 * rewritten by {@link LocalSubstitution}), against the in-process broker and the test PostgreSQL. Each then passes
 * the Dockerfile's own health check (run once, against streams; each service answers {@code /health}), the demo adapters' events reach the topology, and what the load generator sends
 * to the gateway is what persist stored, in DuckDB (through its HTTP edge) and in PostgreSQL (by SQL).
 *
 * <p>Not exercised: the images themselves (kafka, postgres, the Dockerfile build), the compose network and DNS,
 * volumes, secrets mounts, restart policies and the {@code live} profile, which needs the real venues.
 */
@ExtendWith(SharedKafkaBroker.class)
@Timeout(150)
class ComposeCommandsIT {
    private static final Path LOGS = Path.of("target", "it-logs", "compose");
    /**
     * The one JVM flag the test adds to the service's own: the C1 compiler only. Seven JVMs starting at once on two
     * cores spend most of their start in the C2 compiler (measured here: 35 s to the first log line with it, 14 s
     * without, on a busy machine). It changes how fast the code runs, not what it does.
     */
    private static final List<String> STARTUP_JIT = List.of("-XX:TieredStopAtLevel=1");

    /** Until every service printed its ready banner. */
    private static final Duration READY = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theComposeServicesRunAsWrittenAndFindEachOther(@TempDir Path dir) throws Exception {
        ComposeFile compose = ComposeFile.load();
        Entrypoint entrypoint = Entrypoint.read();
        PostgresFixture pg = PostgresFixture.get();
        String pgUrl = pg.createDatabase();
        // Local files stand in for the Docker secrets; the test server takes the URL's own credentials (or trusts
        // loopback), so the password's value does not matter.
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("pg_password"), "local-secret");
        Files.writeString(secrets.resolve("api_token"), "local-api-token");
        LocalSubstitution local =
                new LocalSubstitution(SharedKafkaBroker.bootstrapServers(), pgUrl, secrets, dir.resolve("services"));

        Map<String, Map<String, String>> envs = new LinkedHashMap<>();
        List<ServiceProcess> running = new ArrayList<>();
        try {
            for (ComposeFile.Service s : compose.ticktapeServices("demo")) {
                Map<String, String> env = entrypoint.withSecrets(local.apply(s));
                envs.put(s.name(), env);
                running.add(ServiceProcess.start(
                        s.name(), entrypoint.commandLine(env, STARTUP_JIT, s.command()), env, LOGS));
            }
            assertThat(envs.keySet())
                    .containsExactlyInAnyOrder(
                            "streams",
                            "persist",
                            "gateway",
                            "binance-demo",
                            "polygon-demo",
                            "tastytrade-demo",
                            "ibkr-demo");
            long t0 = System.nanoTime();
            await().atMost(READY).pollInterval(Duration.ofMillis(250)).until(() -> allReady(running));
            phase("all 7 services ready", t0);

            // The image's HEALTHCHECK, exactly as the Dockerfile writes it, run in the streams service's environment
            // (it finds the port through TICKTAPE_HTTP_PORT); every service answers the GET /health it makes.
            DockerfileHealthcheck probe = DockerfileHealthcheck.read();
            assertThat(ServiceProcess.run(probe.commandLine(), envs.get("streams"), Duration.ofSeconds(30)))
                    .as("the Dockerfile's health check against streams")
                    .isZero();
            for (Map.Entry<String, Map<String, String>> e : envs.entrySet()) {
                String url = "http://127.0.0.1:" + e.getValue().get("TICKTAPE_HTTP_PORT") + "/health";
                assertThat(get(url).statusCode())
                        .as("GET /health of %s", e.getKey())
                        .isEqualTo(200);
            }
            // ... and it fails where nothing answers, so an unhealthy container is seen as one.
            Map<String, String> nobody = new LinkedHashMap<>(envs.get("streams"));
            nobody.put("TICKTAPE_HTTP_PORT", Integer.toString(unusedPort()));
            assertThat(ServiceProcess.run(probe.commandLine(), nobody, Duration.ofSeconds(30)))
                    .isEqualTo(1);
            phase("health: the Dockerfile probe, and /health of each", t0);

            String streamsHttp = "http://127.0.0.1:" + envs.get("streams").get("TICKTAPE_HTTP_PORT");
            String persistHttp = "http://127.0.0.1:" + envs.get("persist").get("TICKTAPE_HTTP_PORT");
            int gatewayPort = Integer.parseInt(envs.get("gateway").get("TICKTAPE_PORT"));

            LoadGenerator gen = new LoadGenerator(
                    new LoadGenerator.Config("127.0.0.1", gatewayPort, "loadgen", "C0DE", 2000, 3, 20, 0.1, false, 7));
            LoadGenerator.Sent sent = gen.run();
            BarsVerifier.Result r = new BarsVerifier(persistHttp, "loadgen").awaitEqual(gen, Duration.ofSeconds(20));
            assertThat(r.mismatches()).as("persisted (DuckDB) vs sent").isEmpty();
            assertThat(r.stored()).isEqualTo(r.sent());
            assertThat(r.sent().trades()).isGreaterThanOrEqualTo(sent.trades());
            phase("loadgen: sent == persisted (DuckDB via persist)", t0);

            // The PostgreSQL sink wrote the same bars: an independent count over the stored rows.
            try (Connection c = pg.jdbc(pgUrl)) {
                await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions()
                        .until(() -> pgTotals(c)
                                .equals(List.of(r.sent().bars(), r.sent().trades())));
            }
            phase("PostgreSQL rows == sent", t0);

            // The demo adapters publish into the same Kafka: the topology has their bars and Greeks.
            awaitOk(streamsHttp + "/v1/bars/latest?venue=binance&interval=1s&symbol=BTCUSDT");
            awaitOk(streamsHttp + "/v1/bars/latest?venue=polygon&interval=1s&symbol=AAPL");
            assertThat(awaitGreeks(streamsHttp, "tastytrade")).isPositive();
            assertThat(awaitGreeks(streamsHttp, "ibkr")).isPositive();
            phase("demo adapters' bars and Greeks in the topology", t0);
        } finally {
            for (ServiceProcess p : running) p.close();
            pg.dropDatabase(pgUrl);
        }
    }

    /** Printed so the build log shows where the time goes (seven JVMs start on a small machine). */
    private static void phase(String what, long t0) {
        System.out.printf("ComposeCommandsIT: %-50s at %5.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** True once every service printed its ready banner; a service that exited fails the test with its output. */
    private static boolean allReady(List<ServiceProcess> running) throws Exception {
        boolean all = true;
        for (ServiceProcess p : running) {
            if (!p.alive()) throw new AssertionError(p.name() + " exited:\n" + p.output());
            all &= p.ready();
        }
        return all;
    }

    private static int unusedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<Long> pgTotals(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), coalesce(sum(trades), 0) FROM ohlc_1s WHERE venue = 'loadgen'")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }

    private void awaitOk(String url) {
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get(url).statusCode() == 200);
    }

    private int awaitGreeks(String base, String broker) {
        int[] count = new int[1];
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    HttpResponse<byte[]> r = get(base + "/v1/greeks/latest?broker=" + broker);
                    if (r.statusCode() != 200) return false;
                    JsonNode body = json.readTree(r.body());
                    count[0] = body.path("greeks").size();
                    return count[0] > 0;
                });
        return count[0];
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
