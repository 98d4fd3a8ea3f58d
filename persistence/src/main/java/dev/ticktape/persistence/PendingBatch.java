package dev.ticktape.persistence;

import dev.ticktape.model.MarketEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records consumed since the last offset commit: the events to write (and how many per table), the dead letters whose acks must arrive
 * before committing, and per partition the first offset (where to rewind on failure) and the next offset (what to
 * commit on success). Every polled record is added, so the batch always covers a contiguous offset range.
 */
final class PendingBatch {
    private final List<MarketEvent> events = new ArrayList<>();
    private final List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
    private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    private final Map<String, Integer> rowsPerTable = new LinkedHashMap<>();
    private int records;
    private long startedNanos;

    void addEvent(ConsumerRecord<?, ?> record, MarketEvent event, String table, long nowNanos) {
        cover(record, nowNanos);
        events.add(event);
        rowsPerTable.merge(table, 1, Integer::sum);
    }

    void addDeadLetter(ConsumerRecord<?, ?> record, Future<RecordMetadata> ack, long nowNanos) {
        cover(record, nowNanos);
        deadLetters.add(ack);
    }

    private void cover(ConsumerRecord<?, ?> record, long nowNanos) {
        if (records++ == 0) startedNanos = nowNanos;
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        firstOffsets.putIfAbsent(tp, record.offset());
        nextOffsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
    }

    boolean isEmpty() {
        return records == 0;
    }

    /** When the first record of the batch was added ({@link System#nanoTime()}). */
    long startedNanos() {
        return startedNanos;
    }

    int records() {
        return records;
    }

    boolean isDue(long nowNanos, int maxRecords, long maxDelayNanos) {
        return records >= maxRecords || (records > 0 && nowNanos - startedNanos >= maxDelayNanos);
    }

    List<MarketEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** Events of the batch per target table. */
    Map<String, Integer> rowsPerTable() {
        return Collections.unmodifiableMap(rowsPerTable);
    }

    List<Future<RecordMetadata>> deadLetters() {
        return Collections.unmodifiableList(deadLetters);
    }

    /** Offsets to commit once the batch is durable. */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }

    /** Offset of the first record per partition: seeking there re-reads the whole batch. */
    Map<TopicPartition, Long> firstOffsets() {
        return Map.copyOf(firstOffsets);
    }

    void clear() {
        events.clear();
        deadLetters.clear();
        firstOffsets.clear();
        nextOffsets.clear();
        rowsPerTable.clear();
        records = 0;
    }
}
