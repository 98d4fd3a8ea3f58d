package dev.ticktape.app.kafka;

import dev.ticktape.broker.TopicReadiness;
import dev.ticktape.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the platform's topics if they are missing; existing topics are left as they are (a differing partition
 * count is reported, never changed, because re-partitioning would move instruments between tasks).
 *
 * <p>Retention is by size, not time: replayed data carries historical record timestamps, and time-based retention
 * would delete such segments as soon as they roll, before consumers have read them.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** Topic layout: partitions and per-partition retention bytes. */
    public record Plan(int partitions, short replicationFactor, long retentionBytes) {
        public Plan {
            if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
            if (replicationFactor < -1 || replicationFactor == 0)
                throw new IllegalArgumentException("replication factor");
        }
    }

    private TopicProvisioner() {}

    /** Ensures every topic in {@link Topics#ALL} exists. Returns the names it created. */
    public static List<String> ensureTopics(KafkaSettings kafka, Plan plan) {
        try (Admin admin = Admin.create(kafka.client(Map.of("request.timeout.ms", 15_000)))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : Topics.ALL) {
                if (!existing.contains(t)) {
                    Map<String, String> cfg = new HashMap<>();
                    cfg.put("retention.ms", "-1");
                    cfg.put("retention.bytes", Long.toString(plan.retentionBytes()));
                    cfg.put("segment.bytes", Long.toString(Math.min(plan.retentionBytes() / 4, 256L << 20)));
                    // Gate settings are state, not history: the latest per scope is kept, a tombstone clears one.
                    if (t.equals(Topics.DECISION_GATE)) cfg.put("cleanup.policy", "compact");
                    Optional<Short> rf =
                            plan.replicationFactor() < 0 ? Optional.empty() : Optional.of(plan.replicationFactor());
                    missing.add(new NewTopic(t, Optional.of(plan.partitions()), rf).configs(cfg));
                }
            }
            // Services started together (docker compose up) race to create the same topics: a topic another
            // process created between our list and our create is there, which is all that is needed.
            Set<String> createdByOthers = new HashSet<>();
            for (Map.Entry<String, KafkaFuture<Void>> f :
                    admin.createTopics(missing).values().entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                    createdByOthers.add(f.getKey());
                }
            }
            TopicReadiness.await(admin, Topics.ALL, Duration.ofSeconds(60));
            Map<String, TopicDescription> described =
                    admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription d : described.values()) {
                if (d.partitions().size() != plan.partitions() && (d.name().equals(Topics.TRADES))) {
                    LOG.warn(
                            "topic {} has {} partitions, not the requested {}; keeping it as it is",
                            d.name(),
                            d.partitions().size(),
                            plan.partitions());
                }
            }
            List<String> created = missing.stream()
                    .map(NewTopic::name)
                    .filter(n -> !createdByOthers.contains(n))
                    .toList();
            LOG.info(
                    "topics ready: {} created, {} existing ({} partitions for new topics)",
                    created.size(),
                    Topics.ALL.size() - created.size(),
                    plan.partitions());
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot create topics on " + kafka.bootstrapServers() + ": " + c, c);
        }
    }
}
