package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Run only the embedded single-node Kafka broker (KRaft), create the topics, print its address.")
final class BrokerCommand extends ServiceCommand {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    BrokerOptions broker;

    @Mixin
    DataOptions data;

    @Override
    PlatformSpec spec() {
        return PlatformSpec.builder("broker", data.dataDir())
                .kafka(PlatformSpec.KafkaSpec.embedded(broker.host, broker.port))
                .topics(kafka.topicPlan())
                .build();
    }
}
