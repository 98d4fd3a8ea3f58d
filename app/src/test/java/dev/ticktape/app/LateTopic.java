package dev.ticktape.app;

import static org.awaitility.Awaitility.await;

import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code md.late} on the JVM's shared broker. The topic is shared by every test (and a fresh topology replays
 * the others' trades), so tests look at their own instruments' records, by key.
 */
final class LateTopic {
    private LateTopic() {}

    /** Every committed record whose key starts with {@code keyPrefix}, read to the current end. */
    static List<ConsumerRecord<byte[], byte[]>> records(String keyPrefix) {
        return read(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith(keyPrefix), false);
    }

    /** Waits for the first record with exactly this key. */
    static ConsumerRecord<byte[], byte[]> first(String key) {
        return read(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8)), true)
                .get(0);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            Predicate<ConsumerRecord<byte[], byte[]>> match, boolean untilFound) {
        Map<String, Object> cfg =
                Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers(), "isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.LATE).stream()
                    .map(pi -> new TopicPartition(Topics.LATE, pi.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && match.test(r)) found.add(r);
                }
                return untilFound ? !found.isEmpty() : parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            });
            return found;
        }
    }
}
