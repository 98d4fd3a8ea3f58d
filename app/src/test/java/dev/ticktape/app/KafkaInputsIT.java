package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Topics;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What reaches Kafka from outside the happy path: bad lines (md.dlq) and records typed into a console producer. */
@ExtendWith(SharedKafkaBroker.class)
class KafkaInputsIT {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void badLinesBecomeDeadLettersOnKafkaAndGoodLinesStillBecomeBars(@TempDir Path dir) throws Exception {
        try (Platform p = Platform.start(TestPlatforms.all(dir))) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            long now = System.currentTimeMillis();
            String lines = "not json\n"
                    + "{\"type\":\"trade\",\"symbol\":\"DLQ1\",\"ts_ms\":" + now + ",\"qty\":1}\n"
                    + "{\"type\":\"trade\",\"symbol\":\"DLQ1\",\"ts_ms\":" + now + ",\"price\":\"1.5\",\"qty\":1}\n"
                    + "{\"type\":\"ohlc1s\",\"symbol\":\"DLQ1\",\"ts_ms\":" + (now / 1000 * 1000 + 7)
                    + ",\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1}\n"
                    + "{\"type\":\"trade\",\"symbol\":\"DLQ1\",\"ts_ms\":" + now + ",\"price\":10.5,\"qty\":2}\n";
            try (Socket s = new Socket("127.0.0.1", p.gatewayPort())) {
                OutputStream out = s.getOutputStream();
                out.write(lines.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[] {(byte) 0xC3, 0x28, '\n'}); // invalid UTF-8
                out.flush();
            }
            List<JsonNode> dlq = readJson(Topics.DLQ, 5);
            assertThat(dlq)
                    .extracting(n -> n.path("reason").asText())
                    .containsExactly(
                            "invalid_json", "missing_field", "wrong_type", "not_second_aligned", "invalid_utf8");
            assertThat(dlq).allMatch(n -> n.path("source").asText().startsWith("tcp:127.0.0.1:"));
            assertThat(dlq.get(0).path("raw").asText()).isEqualTo("not json");

            List<Bar> bars = awaitBars(p, "ndjson", "DLQ1", 1);
            assertThat(bars.get(0).close()).isEqualTo(10.5);
            assertThat(bars.get(0).trades()).isEqualTo(1);
            assertThat(bars.get(0).source()).isEqualTo("live:DLQ1");
        }
    }

    @Test
    void unkeyedRecordsFromAConsoleProducerJoinTheBarsOfKeyedOnes(@TempDir Path dir) throws Exception {
        try (Platform p = Platform.start(TestPlatforms.all(dir.resolve("p")))) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            long s = (System.currentTimeMillis() / 1000 + 1) * 1000; // the next whole second
            try (KafkaProducer<String, String> prod = new KafkaProducer<>(
                    Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                // As kafka-console-producer sends them: no key, no venue, no recv_ms.
                for (int i = 0; i < 5; i++) {
                    prod.send(new ProducerRecord<>(
                            Topics.TRADES,
                            null,
                            "{\"type\":\"trade\",\"symbol\":\"CONS1\",\"ts_ms\":" + (s + i * 100) + ",\"price\":"
                                    + (100 + i) + ",\"qty\":1}"));
                }
                // And keyed ones for the same instrument, as the gateway sends them.
                for (int i = 5; i < 8; i++) {
                    prod.send(new ProducerRecord<>(
                            Topics.TRADES,
                            "ndjson:CONS1",
                            "{\"type\":\"trade\",\"venue\":\"ndjson\",\"symbol\":\"CONS1\",\"ts_ms\":" + (s + i * 100)
                                    + ",\"price\":" + (100 + i) + ",\"qty\":1}"));
                }
            }
            List<Bar> bars = awaitBars(p, "ndjson", "CONS1", 1);
            assertThat(bars).hasSize(1);
            assertThat(bars.get(0).tsMs()).isEqualTo(s);
            assertThat(bars.get(0).trades()).isEqualTo(8);
            assertThat(bars.get(0).open()).isEqualTo(100);
            assertThat(bars.get(0).close()).isEqualTo(107);
        }
    }

    private List<Bar> awaitBars(Platform p, String venue, String symbol, int n) {
        List<Bar> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    out.clear();
                    out.addAll(p.barQueries()
                            .orElseThrow()
                            .bars(
                                    BarInterval.S1,
                                    venue,
                                    symbol,
                                    Instant.EPOCH,
                                    Instant.now().plusSeconds(60),
                                    100));
                    return out.size() >= n;
                });
        return out;
    }

    private List<JsonNode> readJson(String topic, int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Map<String, Object> cfg = Map.of(
                "bootstrap.servers",
                SharedKafkaBroker.bootstrapServers(),
                "group.id",
                SharedKafkaBroker.uniqueName("dlq-reader"),
                "auto.offset.reset",
                "earliest");
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(cfg, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200)))
                    out.add(json.readTree(r.value()));
            }
        }
        return out;
    }
}
