package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run only the embedded single-node Kafka broker (KRaft), create the topics, print its address.")
final class BrokerCommand extends ServiceCommand {
    @Mixin KafkaOptions kafka;
    @Mixin BrokerOptions broker;
    @Mixin DataOptions data;

    @Override
    PlatformSpec spec() {
        return new PlatformSpec("broker", data.dataDir(), null, new PlatformSpec.BrokerListener(broker.host, broker.port),
                null, kafka.topicPlan(), null, null, null, 1, null, "127.0.0.1", -1);
    }
}
