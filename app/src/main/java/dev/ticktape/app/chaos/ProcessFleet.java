package dev.ticktape.app.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The split deployment under test, each service its own JVM on free loopback ports in the run's directory:
 * {@code broker}, {@code gateway}, two {@code streams} instances of one application, {@code persist} for DuckDB
 * and, with a PostgreSQL URL, a second {@code persist} for PostgreSQL (its own consumer group).
 */
final class ProcessFleet implements AutoCloseable {
    static final String BROKER = "broker";
    static final String GATEWAY = "gateway";
    static final String STREAMS_1 = "streams-1";
    static final String STREAMS_2 = "streams-2";
    static final String PERSIST_DUCKDB = "persist-duckdb";
    static final String PERSIST_PG = "persist-pg";
    /** A cold JVM on a busy 2-core machine: Streams waits for its first assignment before it says ready. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static final Logger log = LoggerFactory.getLogger(ProcessFleet.class);

    private final Map<String, ChildJvm> children = new LinkedHashMap<>();
    private final int kafkaPort;
    private final int gatewayPort;
    private final int persistHttpPort;

    /**
     * @param pgUrl the R2DBC URL the PostgreSQL persist uses (through the proxy), or null for DuckDB only
     * @param pgEnv environment for that persist (its password)
     */
    ProcessFleet(Path dir, String venue, String pgUrl, Map<String, String> pgEnv) throws IOException {
        kafkaPort = freePort();
        gatewayPort = freePort();
        persistHttpPort = freePort();
        String bootstrap = bootstrap();
        add(
                dir,
                BROKER,
                List.of("broker", "--data-dir", dir.resolve(BROKER).toString(), "--kafka-port", "" + kafkaPort));
        add(
                dir,
                PERSIST_DUCKDB,
                List.of(
                        "persist",
                        "--bootstrap-servers",
                        bootstrap,
                        "--data-dir",
                        dir.resolve(PERSIST_DUCKDB).toString(),
                        "--sink",
                        "duckdb",
                        "--http-port",
                        "" + persistHttpPort,
                        "--retention-every",
                        "0s"));
        if (pgUrl != null) {
            children.put(
                    PERSIST_PG,
                    new ChildJvm(
                            PERSIST_PG,
                            List.of(
                                    "persist",
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--data-dir",
                                    dir.resolve(PERSIST_PG).toString(),
                                    "--sink",
                                    "postgres",
                                    "--pg-url",
                                    pgUrl,
                                    "--http-port",
                                    "-1",
                                    "--retention-every",
                                    "0s"),
                            dir,
                            pgEnv));
        }
        for (String s : List.of(STREAMS_1, STREAMS_2)) {
            add(
                    dir,
                    s,
                    List.of(
                            "streams",
                            "--bootstrap-servers",
                            bootstrap,
                            "--data-dir",
                            dir.resolve(s).toString(),
                            "--http-port",
                            "-1"));
        }
        add(
                dir,
                GATEWAY,
                List.of(
                        "gateway",
                        "--bootstrap-servers",
                        bootstrap,
                        "--data-dir",
                        dir.resolve(GATEWAY).toString(),
                        "--port",
                        "" + gatewayPort,
                        "--venue",
                        venue,
                        "--http-port",
                        "-1"));
    }

    private void add(Path dir, String name, List<String> args) {
        children.put(name, new ChildJvm(name, args, dir, Map.of()));
    }

    /** The broker first (the others need it), then everything else at once. */
    void startAll() throws IOException {
        ChildJvm broker = children.get(BROKER);
        broker.start();
        broker.awaitReady(READY_TIMEOUT);
        log.info("chaos: broker ready on {} (pid {})", bootstrap(), broker.pid());
        List<ChildJvm> rest = new ArrayList<>(children.values());
        rest.remove(broker);
        for (ChildJvm c : rest) c.start();
        for (ChildJvm c : rest) {
            c.awaitReady(READY_TIMEOUT);
            log.info("chaos: {} ready (pid {})", c.name(), c.pid());
        }
    }

    ChildJvm get(String name) {
        ChildJvm c = children.get(name);
        if (c == null) throw new IllegalArgumentException("no process " + name + " in this run");
        return c;
    }

    boolean has(String name) {
        return children.containsKey(name);
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    int gatewayPort() {
        return gatewayPort;
    }

    String persistHttp() {
        return "http://127.0.0.1:" + persistHttpPort;
    }

    /**
     * Stops everything with SIGTERM, each draining as in production: the gateway first (no new input), then the
     * streams and persist processes together, the broker last; names the ones that needed SIGKILL.
     */
    List<String> stopAll(Duration each) throws InterruptedException {
        List<String> forced = new ArrayList<>();
        for (List<String> stage :
                List.of(List.of(GATEWAY), List.of(STREAMS_1, STREAMS_2, PERSIST_DUCKDB, PERSIST_PG), List.of(BROKER))) {
            List<ChildJvm> now = stage.stream()
                    .filter(children::containsKey)
                    .map(children::get)
                    .toList();
            for (ChildJvm c : now) c.signalTerm();
            for (ChildJvm c : now) {
                if (!c.terminate(each)) forced.add(c.name());
            }
        }
        return forced;
    }

    /** Whatever still runs dies with the run: no orphan may keep reconnecting to a broker port reused later. */
    @Override
    public void close() throws InterruptedException {
        for (ChildJvm c : children.values()) c.kill();
    }

    List<ChildJvm> all() {
        return List.copyOf(children.values());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
