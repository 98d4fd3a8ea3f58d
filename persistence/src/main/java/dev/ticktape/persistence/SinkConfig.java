package dev.ticktape.persistence;

import dev.ticktape.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Settings of a {@link SinkWorker}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId          consumer group; one group per sink database and event type, so each database
 *                         receives every event
 * @param topics           topics to consume (bar topics by default)
 * @param dlqTopic         where undecodable records go
 * @param maxBatchRows     a batch is flushed when it holds this many records
 * @param maxBatchDelay    ... or when its oldest record has waited this long
 * @param kafkaOverrides   extra client settings (security, timeouts), applied last to the consumer and the
 *                         dead-letter producer
 */
public record SinkConfig(
        String bootstrapServers,
        String groupId,
        List<String> topics,
        String dlqTopic,
        int maxBatchRows,
        Duration maxBatchDelay,
        Properties kafkaOverrides) {
    public static final String DEFAULT_GROUP_ID = "ticktape-sink-duckdb";
    public static final List<String> DEFAULT_TOPICS = List.of(Topics.BARS_1S, Topics.BARS_1M);
    /** Greeks snapshots the topology accepted (validated, deduplicated); the raw {@code md.greeks} is not stored. */
    public static final String GREEKS_ACCEPTED_TOPIC = Topics.GREEKS_ACCEPTED;
    /** Consumer groups of the Greeks and execution workers of the DuckDB store; PostgreSQL uses {@code -postgres-}. */
    public static final String DUCKDB_GREEKS_GROUP_ID = "ticktape-sink-duckdb-greeks";

    public static final String DUCKDB_EXECUTIONS_GROUP_ID = "ticktape-sink-duckdb-executions";
    public static final String POSTGRES_GREEKS_GROUP_ID = "ticktape-sink-postgres-greeks";
    public static final String POSTGRES_EXECUTIONS_GROUP_ID = "ticktape-sink-postgres-executions";
    public static final int DEFAULT_MAX_BATCH_ROWS = 5000;
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(200);

    public SinkConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("group id is required");
        if (topics == null || topics.isEmpty()) throw new IllegalArgumentException("at least one topic is required");
        if (dlqTopic == null || dlqTopic.isBlank()) throw new IllegalArgumentException("dlq topic is required");
        if (maxBatchRows < 1) throw new IllegalArgumentException("maxBatchRows must be >= 1");
        if (maxBatchDelay == null || maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatchDelay must be >= 0");
        }
        topics = List.copyOf(topics);
        Properties copy = new Properties();
        if (kafkaOverrides != null) copy.putAll(kafkaOverrides);
        kafkaOverrides = copy;
    }

    /** Defaults for everything but the servers. */
    public static SinkConfig defaults(String bootstrapServers) {
        return new SinkConfig(
                bootstrapServers,
                DEFAULT_GROUP_ID,
                DEFAULT_TOPICS,
                Topics.DLQ,
                DEFAULT_MAX_BATCH_ROWS,
                DEFAULT_MAX_BATCH_DELAY,
                new Properties());
    }

    public SinkConfig withGroupId(String id) {
        return new SinkConfig(bootstrapServers, id, topics, dlqTopic, maxBatchRows, maxBatchDelay, kafkaOverrides);
    }

    public SinkConfig withTopics(List<String> consumed, String dlq) {
        return new SinkConfig(bootstrapServers, groupId, consumed, dlq, maxBatchRows, maxBatchDelay, kafkaOverrides);
    }

    /** Other topics, same dead-letter topic. */
    public SinkConfig withTopics(List<String> consumed) {
        return withTopics(consumed, dlqTopic);
    }

    public SinkConfig withBatching(int rows, Duration delay) {
        return new SinkConfig(bootstrapServers, groupId, topics, dlqTopic, rows, delay, kafkaOverrides);
    }

    public SinkConfig withKafkaOverrides(Properties overrides) {
        return new SinkConfig(bootstrapServers, groupId, topics, dlqTopic, maxBatchRows, maxBatchDelay, overrides);
    }

    /** The overrides as a fresh copy (a record component of a mutable type must not leak). */
    @Override
    public Properties kafkaOverrides() {
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        return copy;
    }
}
