package dev.ticktape.persistence;

import static org.awaitility.Awaitility.await;

import dev.ticktape.broker.SharedKafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Admin access to the test JVM's shared broker, for the sink worker ITs. */
final class SharedBrokerAdmin {
    private SharedBrokerAdmin() {}

    static Properties adminProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        return p;
    }

    /**
     * Waits until every partition answers a leader-only request. Producing to a partition whose leader is not yet
     * serving can leave an idempotent producer retrying OUT_OF_ORDER_SEQUENCE_NUMBER until delivery times out.
     */
    static void awaitLeaders(List<String> topics, int partitions, Duration deadline) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String t : topics) {
            for (int p = 0; p < partitions; p++) request.put(new TopicPartition(t, p), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(adminProperties())) {
            await().atMost(deadline)
                    .ignoreExceptions()
                    .until(() -> admin.listOffsets(request)
                                    .all()
                                    .get(5, TimeUnit.SECONDS)
                                    .size()
                            == request.size());
        }
    }
}
