package dev.ticktape.app;

import dev.ticktape.broker.SharedKafkaBroker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * For a test that timed out: per partition of each topic, the high watermark, the last stable offset (below it
 * when a transaction is open) and every consumer group's committed offset. Tells a stuck producer transaction from
 * a stuck consumer.
 */
final class OffsetDiagnostics {
    private OffsetDiagnostics() {}

    static String describe(List<String> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        StringBuilder out = new StringBuilder();
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var d : admin.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()) {
                d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            var hw = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            var lso = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            Map<String, Map<TopicPartition, OffsetAndMetadata>> groups = new HashMap<>();
            for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
                groups.put(
                        g.groupId(),
                        admin.listConsumerGroupOffsets(g.groupId())
                                .partitionsToOffsetAndMetadata()
                                .get(10, TimeUnit.SECONDS));
            }
            latest.keySet().stream()
                    .sorted((a, b) -> a.toString().compareTo(b.toString()))
                    .forEach(tp -> {
                        out.append("  ")
                                .append(tp)
                                .append(" hw=")
                                .append(hw.get(tp).offset())
                                .append(" lso=")
                                .append(lso.get(tp).offset());
                        groups.forEach((g, offs) -> {
                            OffsetAndMetadata o = offs.get(tp);
                            if (o != null) out.append(' ').append(g).append('=').append(o.offset());
                        });
                        out.append('\n');
                    });
        } catch (Exception e) {
            out.append("  offsets unavailable: ").append(e).append('\n');
        }
        return out.toString();
    }
}
