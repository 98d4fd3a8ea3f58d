package dev.ticktape.app.cli;

import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.wiring.PlatformSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Kafka is and how topics are laid out. Flags default from environment variables. */
public final class KafkaOptions {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:TICKTAPE_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env TICKTAPE_BOOTSTRAP_SERVERS). `run` starts an embedded broker "
                    + "when this is not given; the other commands default to 127.0.0.1:9092.")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            defaultValue = "${env:TICKTAPE_KAFKA_CONFIG}",
            description = "Kafka client properties passed to every client untouched, applied last "
                    + "(env TICKTAPE_KAFKA_CONFIG).")
    Path kafkaConfig;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_PARTITIONS:-4}",
            description = "Partitions for topics created at start (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_REPLICATION_FACTOR:--1}",
            description = "Replication factor for created topics; -1 = broker default (default ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(
            names = "--topic-retention-bytes",
            paramLabel = "BYTES",
            defaultValue = "${env:TICKTAPE_TOPIC_RETENTION_BYTES:-1073741824}",
            description = "Retention per partition of created topics, in bytes (default ${DEFAULT-VALUE}).")
    long retentionBytes;

    /** A platform spec with Kafka and the topics set: the cluster at {@link #bootstrapOrDefault()}. */
    public PlatformSpec.Builder platform(String service, Path dataDir) {
        return PlatformSpec.builder(service, dataDir)
                .topics(topicPlan())
                .kafka(PlatformSpec.KafkaSpec.external(bootstrapOrDefault())
                        .withPassThrough(KafkaSettings.load(kafkaConfig)));
    }

    /** As {@link #platform(String, Path)}, but an embedded broker on {@code broker} unless a cluster is given. */
    public PlatformSpec.Builder platform(String service, Path dataDir, BrokerOptions broker) {
        PlatformSpec.KafkaSpec kafka = hasBootstrap()
                ? PlatformSpec.KafkaSpec.external(bootstrapServers)
                : PlatformSpec.KafkaSpec.embedded(broker.host, broker.port);
        return PlatformSpec.builder(service, dataDir)
                .topics(topicPlan())
                .kafka(kafka.withPassThrough(KafkaSettings.load(kafkaConfig)));
    }

    /** The cluster to use when no embedded broker is started. */
    public String bootstrapOrDefault() {
        return bootstrapServers == null || bootstrapServers.isBlank() ? "127.0.0.1:9092" : bootstrapServers;
    }

    public boolean hasBootstrap() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    public TopicProvisioner.Plan topicPlan() {
        return new TopicProvisioner.Plan(partitions, replicationFactor, retentionBytes);
    }
}
