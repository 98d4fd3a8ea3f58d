package dev.ticktape.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Waits until freshly created topics serve reads and writes on every partition. A topic exists before its
 * partition leaders do; an idempotent producer that sends in that gap gets NOT_LEADER_OR_FOLLOWER and can then
 * wedge on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
 */
public final class TopicReadiness {
    private TopicReadiness() {}

    public static void await(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> d =
                        admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> query = new HashMap<>();
                for (TopicDescription td : d.values()) {
                    for (TopicPartitionInfo p : td.partitions()) {
                        query.put(new TopicPartition(td.name(), p.partition()), OffsetSpec.latest());
                    }
                }
                admin.listOffsets(query).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                Thread.sleep(50); // leaders are being elected; nothing to block on but time
            }
        }
        throw new TimeoutException(
                "topics " + topics + " have no serving leaders after " + timeout.toMillis() + " ms: " + last);
    }
}
