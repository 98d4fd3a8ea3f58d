package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.BrokerConfig;
import dev.ticktape.broker.EmbeddedKafkaBroker;
import dev.ticktape.topology.TopologyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security settings pass through {@code --kafka-config} untouched: a broker that only speaks SASL/PLAIN, a
 * client properties file whose password is read by Kafka's own file config provider from a separate secret file,
 * and the whole pipeline (gateway, exactly-once topology, DuckDB sink, topic provisioning) works through it. The
 * password is never in ticktape's hands as text, so it cannot reach a log, a metric or a status page.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class KafkaSaslIT {
    private static final String PASSWORD = "tt-Sasl-Secret-7731";

    @Test
    void thePipelineRunsAgainstASaslBrokerWithTheSecretReadFromAFile(@TempDir Path dir) throws Exception {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required";
        Map<String, String> sasl = Map.of(
                "listener.security.protocol.map",
                "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms",
                "PLAIN",
                "sasl.mechanism.inter.broker.protocol",
                "PLAIN",
                "listener.name.plaintext.plain.sasl.jaas.config",
                jaas + " username=\"broker\" password=\"broker-pw\" user_broker=\"broker-pw\" user_ticktape=\""
                        + PASSWORD + "\";");
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(new BrokerConfig(dir.resolve("broker"), "127.0.0.1", 0, 0, sasl))) {
            // Without credentials the broker answers nothing: the settings below are what make the difference.
            Properties anonymous = new Properties();
            anonymous.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            anonymous.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            anonymous.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
            try (Admin admin = Admin.create(anonymous)) {
                assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            }

            Path secret = dir.resolve("kafka-secret.properties");
            Files.writeString(secret, "jaas=" + jaas + " username=\"ticktape\" password=\"" + PASSWORD + "\";\n");
            Path clientConfig = dir.resolve("kafka.properties");
            Files.writeString(
                    clientConfig,
                    String.join(
                            "\n",
                            "security.protocol=SASL_PLAINTEXT",
                            "sasl.mechanism=PLAIN",
                            "config.providers=file",
                            "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                            "sasl.jaas.config=${file:" + secret + ":jaas}",
                            ""));

            long base = Instant.parse("2025-03-04T15:00:00Z").toEpochMilli();
            TradeReplay tape = new TradeReplay(3_000, 5, base, 20_000, 100, 11);
            PlatformSpec spec = PlatformSpec.builder("test", dir)
                    .kafka(PlatformSpec.KafkaSpec.external(broker.bootstrapServers())
                            .withPassThrough(KafkaSettings.load(clientConfig)))
                    .topics(TestPlatforms.TOPICS)
                    .gateway(GatewayConfig.defaults().withPort(0))
                    .streams(TopologyConfig.defaults().withApplicationId("streams-sasl"), 1)
                    .sink(new PlatformSpec.SinkSpec(
                            dir.resolve("ticktape.duckdb"), "sink-sasl", 5000, Duration.ofMillis(200)))
                    .http("127.0.0.1", 0)
                    .build();
            try (Platform p = Platform.start(spec)) {
                assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
                tape.send(p.gatewayPort(), "sasl", 0, 3_000);
                try (Connection c = p.database().orElseThrow().openReader()) {
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> TradeReplay.storedTrades(c, "ohlc_1s", "sasl") >= 3_000);
                    BarAssertions.assertSameBars(TradeReplay.storedBars(c, "sasl"), tape.expectedBars());
                }
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/metrics", "/health", "/v1/streaming/status", "/v1/bars/latest")) {
                    String body = http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort() + path))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    assertThat(body).as(path).doesNotContain(PASSWORD);
                }
            }
        }
    }
}
