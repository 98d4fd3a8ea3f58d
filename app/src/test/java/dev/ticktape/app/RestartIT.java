package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Topics;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the topology and the persistence worker (each its own process) mid-stream, restart them, and the stored
 * bars are exactly those of an uninterrupted run (which {@link EndToEndIT} pins to a batch GROUP BY).
 */
@ExtendWith(SharedKafkaBroker.class)
class RestartIT {
    private static final int TRADES = 120_000;
    private static final int RATE = 8_000; // trades/s: the tape keeps flowing while processes die

    @Test
    void killedTopologyAndSinkResumeWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
        TradeReplay tape = new TradeReplay(
                TRADES, 30, Instant.parse("2025-03-03T15:00:00Z").toEpochMilli(), 300_000, 200, 11);
        TreeMap<String, TradeReplay.Row> expected = tape.expectedBars();
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        int http = ChildProcess.freePort();
        String[] streamsArgs = {
            "streams",
            "--bootstrap-servers",
            bootstrap,
            "--data-dir",
            dir.resolve("streams-node").toString(),
            "--http-port",
            "-1"
        };
        // Retention off: the tape is historical, and the 7-day tier would rightly delete it at start.
        String[] persistArgs = {
            "persist",
            "--bootstrap-servers",
            bootstrap,
            "--data-dir",
            dir.toString(),
            "--http-port",
            Integer.toString(http),
            "--retention-every",
            "0s"
        };

        try (Platform gateway = Platform.start(TestPlatforms.gatewayOnly(dir.resolve("gw")))) {
            ChildProcess streams = ChildProcess.start("streams", streamsArgs);
            ChildProcess persist = ChildProcess.start("persist", persistArgs);
            AtomicInteger sent = new AtomicInteger();
            Thread sender = new Thread(() -> sendPaced(tape, gateway.gatewayPort(), sent), "tape-sender");
            sender.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                // Crash 1: both die once the topology has committed part of the tape.
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> committed(admin, "ticktape-streams", Topics.TRADES) > 15_000);
                streams.kill();
                persist.kill();
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // both down while the tape keeps coming
                streams = ChildProcess.start("streams", streamsArgs);
                persist = ChildProcess.start("persist", persistArgs);
                // Crash 2: the sink alone, after it has committed some bars again.
                long sinkBefore = committed(admin, "ticktape-sink-duckdb", Topics.BARS_1S);
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> committed(admin, "ticktape-sink-duckdb", Topics.BARS_1S) > sinkBefore + 200);
                persist.kill();
                persist = ChildProcess.start("persist", persistArgs);

                sender.join();
                assertThat(sent.get()).isEqualTo(TRADES);
                ChildProcess p = persist;
                try {
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> storedTrades(http, tape, "1s") >= TRADES || !p.alive());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // fall through: the row comparison below says what is missing or doubled
                }
                assertThat(persist.alive())
                        .as("persist process:%n%s", persist.output())
                        .isTrue();
                assertThat(recordCount(bootstrap, Topics.LATE))
                        .as("records in md.late")
                        .isZero();
                BarAssertions.assertSameBars(fetchBars(http, tape, "1s"), expected);
                // The minute roll-up survived the crashes too: every trade is in exactly one 1m bar.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> storedTrades(http, tape, "1m") >= TRADES);
                assertThat(storedTrades(http, tape, "1m")).isEqualTo(TRADES);
            } finally {
                streams.close();
                persist.close();
            }
        }
    }

    private static void sendPaced(TradeReplay tape, int port, AtomicInteger sent) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            for (int i = 0; i < tape.ticks.size(); i++) {
                out.write(tape.ticks.get(i).json("restart").getBytes(StandardCharsets.US_ASCII));
                sent.incrementAndGet();
                if (i % 200 == 0) {
                    long due = t0 + (long) (i / (double) RATE * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
            }
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    /** Committed records in a topic, read with read_committed (offsets also count markers and aborted writes). */
    private static long recordCount(String bootstrap, String topic) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed");
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                cfg,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var parts = c.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long n = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
            return n;
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long storedTrades(int port, TradeReplay tape, String interval) {
        try {
            return fetchBars(port, tape, interval).values().stream()
                    .mapToLong(TradeReplay.Row::trades)
                    .sum();
        } catch (Exception e) {
            return -1; // the persist process is (re)starting
        }
    }

    private static TreeMap<String, TradeReplay.Row> fetchBars(int port, TradeReplay tape, String interval)
            throws Exception {
        TreeSet<String> symbols = new TreeSet<>();
        tape.ticks.forEach(t -> symbols.add(t.symbol()));
        TreeMap<String, TradeReplay.Row> out = new TreeMap<>();
        for (String sym : symbols) {
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/bars?source=db&venue=restart&interval=" + interval
                    + "&limit=1000000&symbol=" + sym + "&from=2025-03-03T00:00:00Z&to=2025-03-04T00:00:00Z");
            HttpResponse<byte[]> r =
                    HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode());
            for (JsonNode b : JSON.readTree(r.body()).path("bars")) {
                TradeReplay.Row row = new TradeReplay.Row(
                        sym,
                        b.path("ts_ms").asLong(),
                        b.path("open").asDouble(),
                        b.path("high").asDouble(),
                        b.path("low").asDouble(),
                        b.path("close").asDouble(),
                        b.path("volume").asDouble(),
                        b.path("trades").asLong(),
                        b.path("vwap").asDouble());
                out.put(sym + "@" + row.ts(), row);
            }
        }
        return out;
    }
}
