package dev.ticktape.app.wiring;

import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.broker.BrokerConfig;
import dev.ticktape.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;

/** The Kafka part: starts the embedded broker when the spec asks for one; otherwise the cluster is external. */
final class BrokerPart {
    private BrokerPart() {}

    /** @return the bootstrap servers every other part uses */
    static String start(PlatformSpec.KafkaSpec kafka, Path dataDir, Lifecycle lifecycle, HealthCheck health) {
        if (!kafka.embedded()) return kafka.bootstrapServers();
        EmbeddedKafkaBroker broker = lifecycle.add(
                "broker",
                EmbeddedKafkaBroker.start(new BrokerConfig(
                        dataDir.resolve("kafka"),
                        kafka.broker().host(),
                        kafka.broker().port(),
                        0,
                        Map.of())));
        health.register("broker", true, () -> HealthCheck.Component.up(broker.bootstrapServers()));
        return broker.bootstrapServers();
    }
}
