package dev.ticktape.app;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Platform specs for tests, on the JVM's shared broker. */
final class TestPlatforms {
    static final TopicProvisioner.Plan TOPICS = new TopicProvisioner.Plan(4, (short) -1, 1L << 30);

    private TestPlatforms() {}

    /**
     * Gateway, topology, DuckDB sink and HTTP edge (ephemeral ports) in one process, with its own application id
     * and sink group: a static member that closed keeps its partitions until its session expires (45 s).
     */
    static PlatformSpec all(Path dir) {
        String id = SharedKafkaBroker.uniqueName("t");
        return shared("test", dir)
                .gateway(GatewayConfig.defaults().withPort(0))
                .streams(TopologyConfig.defaults().withApplicationId("streams-" + id), 1)
                .sink(new PlatformSpec.SinkSpec(
                        dir.resolve("ticktape.duckdb"), "sink-" + id, 5000, Duration.ofMillis(200)))
                .http("127.0.0.1", 0)
                .build();
    }

    /** No parts yet but the JVM's shared broker and the test topic layout. */
    static PlatformSpec.Builder shared(String service, Path dir) {
        return PlatformSpec.builder(service, dir)
                .kafka(PlatformSpec.KafkaSpec.external(SharedKafkaBroker.bootstrapServers()))
                .topics(TOPICS);
    }

    /** {@code base} plus a PostgreSQL sink on {@code r2dbcUrl}, with its own consumer group. */
    static PlatformSpec withPostgres(PlatformSpec base, String r2dbcUrl) {
        return base.toBuilder()
                .postgres(new PlatformSpec.PostgresSpec(
                        PostgresConfig.of(r2dbcUrl),
                        SharedKafkaBroker.uniqueName("sink-pg"),
                        5000,
                        Duration.ofMillis(200)))
                .build();
    }

    /** {@code base} plus summaries over 60 s and 300 s and features on 1m bars. */
    static PlatformSpec withAnalytics(PlatformSpec base) {
        PlatformSpec.StreamsSpec s = base.streams();
        Duration horizon = s.topology().allowedLateness();
        return base.toBuilder()
                .streams(s.withAnalytics(new PlatformSpec.AnalyticsSpec(
                        new SummaryConfig(List.of(Duration.ofSeconds(60), Duration.ofSeconds(300)), horizon),
                        FeatureConfig.defaults().withHorizon(horizon))))
                .build();
    }

    static PlatformSpec gatewayOnly(Path dir) {
        return shared("test-gateway", dir)
                .gateway(GatewayConfig.defaults().withPort(0))
                .build();
    }
}
