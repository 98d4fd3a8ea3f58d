package dev.ticktape.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.decisions.DecisionConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The ticktape platform in-process, for one test class: Kafka (an embedded KRaft broker, or a cluster you name),
 * the NDJSON gateway, the topology, the DuckDB sink in a temporary directory, optionally a PostgreSQL sink, and the
 * HTTP edge, all on free ports. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static TicktapeExtension ticktape = TicktapeExtension.embedded().build();
 *
 * @Test
 * void aTradeBecomesABar() {
 *     long now = System.currentTimeMillis();
 *     ticktape.send(Ndjson.trade("BTCUSDT", now, 95000.0, 0.5));
 *     JsonNode bar = ticktape.awaitBar("ndjson", "BTCUSDT", now);
 * }
 * }</pre>
 *
 * It starts before the class's first test and stops after its last. The platform uses the fixed {@code md.*} topic
 * names, so two extensions must not share one Kafka cluster at the same time.
 */
public final class TicktapeExtension implements BeforeAllCallback, AfterAllCallback {
    /** How long the {@code await*} methods wait by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Builder config;
    private Path dir;
    private Platform platform;
    private HttpJson http;
    private KafkaProducer<String, String> producer;

    private TicktapeExtension(Builder config) {
        this.config = config;
    }

    /** A platform on its own embedded Kafka broker (nothing to install, no Docker). */
    public static Builder embedded() {
        return new Builder(null);
    }

    /**
     * A platform on an existing Kafka cluster, e.g. a Testcontainers {@code KafkaContainer}:
     * {@code TicktapeExtension.kafka(kafka::getBootstrapServers)}. The supplier is read when the extension starts,
     * after containers started by {@code @Testcontainers} are up.
     */
    public static Builder kafka(Supplier<String> bootstrapServers) {
        return new Builder(Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    }

    /** What the platform runs; every setting is optional. */
    public static final class Builder {
        private final Supplier<String> bootstrap;
        private int partitions = 4;
        private Supplier<String> postgresUrl;
        private String decisionsRunId;
        private Duration grace = TopologyConfig.defaults().grace();

        private Builder(Supplier<String> bootstrap) {
            this.bootstrap = bootstrap;
        }

        /** Partitions of the topics the platform creates (default 4). */
        public Builder partitions(int partitions) {
            if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
            this.partitions = partitions;
            return this;
        }

        /** Also write every table to PostgreSQL at this R2DBC URL ({@code r2dbc:postgresql://user@host:port/db}). */
        public Builder postgres(Supplier<String> r2dbcUrl) {
            this.postgresUrl = Objects.requireNonNull(r2dbcUrl, "r2dbcUrl");
            return this;
        }

        /** Run the analytics: summaries of the 1s closes and one decision per completed 1s bar, under this run id. */
        public Builder decisions(String runId) {
            this.decisionsRunId = Objects.requireNonNull(runId, "runId");
            return this;
        }

        /** How long a 1s bar waits for out-of-order trades (default {@link TopologyConfig#defaults()}). */
        public Builder grace(Duration grace) {
            this.grace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        public TicktapeExtension build() {
            return new TicktapeExtension(this);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("ticktape-testkit");
        platform = Platform.start(spec());
        if (!platform.awaitStreamsRunning(Duration.ofSeconds(60))) {
            platform.close();
            throw new IllegalStateException("the topology did not reach RUNNING within 60 s");
        }
        http = new HttpJson("http://127.0.0.1:" + platform.httpPort());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (producer != null) producer.close(Duration.ofSeconds(5));
        if (platform != null) platform.close();
        if (dir != null) deleteRecursively(dir);
    }

    private PlatformSpec spec() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        PlatformSpec.KafkaSpec kafka = config.bootstrap == null
                ? PlatformSpec.KafkaSpec.embedded("127.0.0.1", 0)
                : PlatformSpec.KafkaSpec.external(config.bootstrap.get());
        TopologyConfig topology = TopologyConfig.defaults().withApplicationId("testkit-" + id);
        topology = new TopologyConfig(
                topology.applicationId(),
                config.grace,
                topology.minuteGrace(),
                topology.punctuateInterval(),
                topology.maxFutureSkew(),
                topology.allowedLateness(),
                topology.producerIdle());
        PlatformSpec.StreamsSpec streams = new PlatformSpec.StreamsSpec(topology, 1);
        if (config.decisionsRunId != null) {
            SummaryConfig summaries = SummaryConfig.defaults();
            streams = streams.withAnalytics(new PlatformSpec.AnalyticsSpec(
                    summaries,
                    null,
                    DecisionConfig.defaults(
                            config.decisionsRunId, summaries.windows().get(0).toMillis()),
                    null));
        }
        PlatformSpec.Builder b = PlatformSpec.builder("testkit", dir)
                .kafka(kafka)
                .topics(new TopicProvisioner.Plan(config.partitions, (short) -1, 1L << 30))
                .gateway(GatewayConfig.defaults().withPort(0))
                .streams(streams)
                .sink(new PlatformSpec.SinkSpec(
                        dir.resolve("ticktape.duckdb"), "testkit-sink-" + id, 5000, Duration.ofMillis(200)))
                .http("127.0.0.1", 0);
        if (config.postgresUrl != null) {
            b.postgres(new PlatformSpec.PostgresSpec(
                    PostgresConfig.of(config.postgresUrl.get()),
                    "testkit-sink-pg-" + id,
                    5000,
                    Duration.ofMillis(200)));
        }
        return b.build();
    }

    /** The running platform, for what this class does not wrap (its stores, its streams, its metrics). */
    public Platform platform() {
        return started();
    }

    /** Where Kafka is. */
    public String bootstrapServers() {
        return started().bootstrapServers();
    }

    /** The NDJSON gateway's TCP port on 127.0.0.1. */
    public int gatewayPort() {
        return started().gatewayPort();
    }

    /** The HTTP edge, e.g. {@code http://127.0.0.1:41234}: {@code /health}, {@code /metrics}, {@code /v1/...}. */
    public String httpBase() {
        started();
        return http.base();
    }

    /** The DuckDB file the sink writes. */
    public Path duckDbFile() {
        return dir.resolve("ticktape.duckdb");
    }

    /**
     * Sends NDJSON lines to the gateway over one TCP connection (the published stream contract: {@code trade},
     * {@code ohlc1s}; see {@link Ndjson}). Returns once the lines are written.
     */
    public void send(String... lines) {
        send(List.of(lines));
    }

    /** As {@link #send(String...)}. */
    public void send(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        try (Socket s = new Socket("127.0.0.1", gatewayPort())) {
            OutputStream out = s.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to the gateway", e);
        }
    }

    /**
     * Produces one JSON record straight to a topic, e.g. a {@code greeks} event to {@code md.greeks} as a venue
     * adapter would. {@code key} may be null (the topology then keys by venue and symbol).
     */
    public void publish(String topic, String key, String json) {
        if (producer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrapServers());
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", StringSerializer.class.getName());
            p.put("acks", "all");
            producer = new KafkaProducer<>(p);
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stored 1s bar of {@code symbol} on {@code venue} for the second holding {@code tsMs}, once the sink has
     * written it (as {@code GET /v1/bars?source=db} returns it: open, high, low, close, volume, trades, vwap,
     * revision, ...). Trades sent without a venue are stored under {@code ndjson}.
     */
    public JsonNode awaitBar(String venue, String symbol, long tsMs) {
        return awaitBar(venue, symbol, tsMs, DEFAULT_TIMEOUT);
    }

    /** As {@link #awaitBar(String, String, long)}, waiting at most {@code timeout}. */
    public JsonNode awaitBar(String venue, String symbol, long tsMs, Duration timeout) {
        long second = Math.floorDiv(tsMs, 1000) * 1000;
        String path = "/v1/bars?source=db&interval=1s&venue=" + HttpJson.enc(venue) + "&symbol=" + HttpJson.enc(symbol)
                + "&from=" + second + "&to=" + (second + 1000);
        return http.await(path, timeout, body -> first(body.path("bars")), "a stored 1s bar of " + symbol);
    }

    /** The latest Greeks per contract of {@code broker} (e.g. {@code tastytrade}), once there is at least one. */
    public List<JsonNode> awaitGreeks(String broker) {
        return awaitGreeks(broker, DEFAULT_TIMEOUT);
    }

    /** As {@link #awaitGreeks(String)}, waiting at most {@code timeout}. */
    public List<JsonNode> awaitGreeks(String broker, Duration timeout) {
        return http.await(
                "/v1/greeks/latest?broker=" + HttpJson.enc(broker),
                timeout,
                body -> list(body.path("greeks")),
                "Greeks of " + broker);
    }

    /**
     * The stored decisions of {@code symbol} on {@code venue} (needs {@link Builder#decisions}), once there are at
     * least {@code atLeast}, oldest first.
     */
    public List<JsonNode> awaitDecisions(String venue, String symbol, int atLeast) {
        return awaitDecisions(venue, symbol, atLeast, DEFAULT_TIMEOUT);
    }

    /** As {@link #awaitDecisions(String, String, int)}, waiting at most {@code timeout}. */
    public List<JsonNode> awaitDecisions(String venue, String symbol, int atLeast, Duration timeout) {
        if (config.decisionsRunId == null) throw new IllegalStateException("build the extension with decisions(runId)");
        String path = "/v1/decisions?venue=" + HttpJson.enc(venue) + "&symbol=" + HttpJson.enc(symbol) + "&from=0";
        return http.await(
                path,
                timeout,
                body -> {
                    List<JsonNode> rows = list(body.path("decisions"));
                    return rows != null && rows.size() >= atLeast ? rows : null;
                },
                atLeast + " decisions of " + symbol);
    }

    private static JsonNode first(JsonNode array) {
        return array.isArray() && !array.isEmpty() ? array.get(0) : null;
    }

    private static List<JsonNode> list(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) return null;
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private Platform started() {
        if (platform == null) {
            throw new IllegalStateException(
                    "the platform is not running: register TicktapeExtension with @RegisterExtension on a static field");
        }
        return platform;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
