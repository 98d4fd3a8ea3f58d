package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingBatchTest {
    private static final long MS = 1_000_000L;
    private final PendingBatch batch = new PendingBatch();

    @Test
    void coversTheOffsetRangeOfEveryRecordIncludingDeadLetters() {
        batch.addEvent(record("a", 0, 10), bar(BarInterval.S1), BarInterval.S1.table(), 0);
        batch.addDeadLetter(record("a", 0, 11), CompletableFuture.completedFuture(null), 0);
        batch.addEvent(record("a", 1, 5), bar(BarInterval.M1), BarInterval.M1.table(), 0);

        assertThat(batch.firstOffsets())
                .isEqualTo(Map.of(new TopicPartition("a", 0), 10L, new TopicPartition("a", 1), 5L));
        assertThat(batch.nextOffsets())
                .isEqualTo(Map.of(
                        new TopicPartition("a", 0),
                        new OffsetAndMetadata(12),
                        new TopicPartition("a", 1),
                        new OffsetAndMetadata(6)));
        assertThat(batch.records()).isEqualTo(3);
        assertThat(batch.events()).hasSize(2);
        assertThat(batch.rowsPerTable()).isEqualTo(Map.of("ohlc_1s", 1, "ohlc_1m", 1));
        assertThat(batch.deadLetters()).hasSize(1);
    }

    @Test
    void isDueBySizeOrByTheAgeOfItsOldestRecord() {
        assertThat(batch.isDue(0, 2, 200 * MS)).isFalse();
        batch.addEvent(record("a", 0, 0), bar(BarInterval.S1), BarInterval.S1.table(), 100 * MS);
        assertThat(batch.isDue(299 * MS, 2, 200 * MS)).isFalse();
        assertThat(batch.isDue(300 * MS, 2, 200 * MS)).isTrue();
        batch.addEvent(record("a", 0, 1), bar(BarInterval.S1), BarInterval.S1.table(), 150 * MS);
        assertThat(batch.isDue(150 * MS, 2, 200 * MS)).isTrue();
    }

    @Test
    void clearStartsANewBatchClock() {
        batch.addEvent(record("a", 0, 0), bar(BarInterval.S1), BarInterval.S1.table(), 0);
        batch.clear();
        batch.addEvent(record("a", 0, 1), bar(BarInterval.S1), BarInterval.S1.table(), 500 * MS);

        assertThat(batch.isDue(600 * MS, 10, 200 * MS)).isFalse();
        assertThat(batch.firstOffsets()).containsEntry(new TopicPartition("a", 0), 1L);
        assertThat(batch.rowsPerTable()).isEqualTo(Map.of("ohlc_1s", 1));
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset) {
        return new ConsumerRecord<>(topic, partition, offset, null, new byte[0]);
    }

    private static Bar bar(BarInterval interval) {
        return new Bar(interval, "binance", "BTCUSDT", 1_700_000_040_000L, 0, 1, 1, 1, 1, 1, 1, null, null);
    }
}
