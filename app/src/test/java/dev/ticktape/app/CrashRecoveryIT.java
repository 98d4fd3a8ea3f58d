package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.loadgen.BarsVerifier;
import dev.ticktape.app.loadgen.LoadGenerator;
import dev.ticktape.model.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 mid-load, with {@code loadgen}'s sent-equals-persisted check as the oracle: every bar it sent (trades
 * and pre-aggregated bars, 20,000 messages/s over 50 symbols) is stored with identical values, so nothing is
 * missing and nothing doubled. The topology, persistence, gateway and broker each run as their own process;
 * first the topology dies and comes back 5 s later, then the broker dies and restarts on the same data directory.
 */
class CrashRecoveryIT {
    private static final int RATE = 20_000;
    private static final int SECONDS = 16;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killedTopologyRestartedFiveSecondsLaterLosesNothing(@TempDir Path dir) throws Exception {
        try (Cluster c = new Cluster(dir)) {
            CompletableFuture<LoadGenerator.Sent> load = c.load("crashstr", 11);
            c.awaitCommitted("ticktape-streams", 40_000); // mid-load: the topology has committed part of it
            c.streams.kill();
            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // the scenario: down for 5 s
            c.streams = c.startStreams();
            c.verify(load, "crashstr");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killedBrokerRestartedOnItsDataDirectoryLosesNothing(@TempDir Path dir) throws Exception {
        try (Cluster c = new Cluster(dir)) {
            CompletableFuture<LoadGenerator.Sent> load = c.load("crashbrk", 12);
            c.awaitCommitted("ticktape-streams", 40_000);
            c.broker.kill();
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // clients retry while it is down
            c.broker = c.startBroker();
            c.verify(load, "crashbrk");
        }
    }

    /** broker, persist, streams and gateway as separate processes. */
    private static final class Cluster implements AutoCloseable {
        final Path dir;
        final int kafka = ChildProcess.freePort();
        final int gatewayPort = ChildProcess.freePort();
        final int http = ChildProcess.freePort();
        ChildProcess broker;
        ChildProcess persist;
        ChildProcess streams;
        ChildProcess gateway;

        Cluster(Path dir) throws Exception {
            this.dir = dir;
            broker = startBroker();
            awaitReady(broker);
            persist = ChildProcess.start(
                    "crash-persist",
                    "persist",
                    "--bootstrap-servers",
                    bootstrap(),
                    "--data-dir",
                    dir.resolve("p").toString(),
                    "--http-port",
                    Integer.toString(http),
                    "--retention-every",
                    "0s");
            streams = startStreams();
            gateway = ChildProcess.start(
                    "crash-gateway",
                    "gateway",
                    "--bootstrap-servers",
                    bootstrap(),
                    "--port",
                    Integer.toString(gatewayPort),
                    "--http-port",
                    Integer.toString(ChildProcess.freePort()));
            awaitReady(persist);
            awaitReady(streams);
            awaitReady(gateway);
        }

        /** Waits until {@code group} has committed more than {@code offsets} md.trades offsets in total. */
        void awaitCommitted(String group, long offsets) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() ->
                                admin
                                                .listConsumerGroupOffsets(group)
                                                .partitionsToOffsetAndMetadata()
                                                .get()
                                                .entrySet()
                                                .stream()
                                                .filter(e -> e.getKey().topic().equals(Topics.TRADES)
                                                        && e.getValue() != null)
                                                .mapToLong(e -> e.getValue().offset())
                                                .sum()
                                        > offsets);
            }
        }

        String bootstrap() {
            return "127.0.0.1:" + kafka;
        }

        ChildProcess startBroker() throws Exception {
            return ChildProcess.start(
                    "crash-broker",
                    "broker",
                    "--data-dir",
                    dir.resolve("b").toString(),
                    "--kafka-port",
                    Integer.toString(kafka));
        }

        ChildProcess startStreams() throws Exception {
            return ChildProcess.start(
                    "crash-streams",
                    "streams",
                    "--bootstrap-servers",
                    bootstrap(),
                    "--data-dir",
                    dir.resolve("s").toString(),
                    "--http-port",
                    "-1");
        }

        CompletableFuture<LoadGenerator.Sent> load(String venue, long seed) {
            LoadGenerator gen = new LoadGenerator(new LoadGenerator.Config(
                    "127.0.0.1", gatewayPort, venue, "C" + seed, RATE, SECONDS, 50, 0.1, false, seed));
            generator = gen;
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return gen.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        private LoadGenerator generator;

        void verify(CompletableFuture<LoadGenerator.Sent> load, String venue) throws Exception {
            LoadGenerator.Sent sent = load.get(120, TimeUnit.SECONDS);
            BarsVerifier.Result r =
                    new BarsVerifier("http://127.0.0.1:" + http, venue).awaitEqual(generator, Duration.ofSeconds(120));
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            BarsVerifier.print(new PrintStream(report, true, StandardCharsets.UTF_8), sent, r);
            System.out.print(report.toString(StandardCharsets.UTF_8));
            assertThat(r.equal())
                    .as("loadgen verdict:%n%s%nstreams:%n%s", report.toString(StandardCharsets.UTF_8), streams.output())
                    .isTrue();
            assertThat(r.stored().trades())
                    .as("trades persisted vs sent")
                    .isEqualTo(r.sent().trades());
            assertThat(r.stored().bars())
                    .as("bars persisted vs sent")
                    .isEqualTo(r.sent().bars());
        }

        private static void awaitReady(ChildProcess p) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.alive()) throw new IllegalStateException("process exited:\n" + p.output());
                        return p.output().contains("ready in");
                    });
        }

        @Override
        public void close() throws Exception {
            for (ChildProcess c : new ChildProcess[] {gateway, streams, persist, broker}) {
                if (c != null) c.kill();
            }
        }
    }
}
