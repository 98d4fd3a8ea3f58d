package dev.ticktape.topology.bars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The roll-up keeps one store entry per second of an open minute, and reads minutes an earlier version kept whole. */
class MinuteSlotsTest {
    private static final long M = 1_700_000_040_000L; // a minute start
    private static final EventCodec CODEC = new EventCodec();
    private static final byte[] INSTRUMENT = "binance:BTCUSDT".getBytes(StandardCharsets.US_ASCII);
    private static final MinuteRollupProcessor.Wiring WIRING = new MinuteRollupProcessor.Wiring(
            "open", "progress", "second-progress", "emitted", "bars", "late", "dlq", "state");

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private final MinuteRollupProcessor processor = new MinuteRollupProcessor(
            WIRING, TopologyConfig.defaults(), CODEC, new TopologyMetrics(new SimpleMeterRegistry()));
    private final KeyValueStore<Bytes, byte[]> open;

    MinuteSlotsTest() {
        KeyValueStore<Bytes, byte[]> first = null;
        for (String name : List.of("open", "progress", "second-progress", "emitted")) {
            KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled()
                    .build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            if (first == null) first = store;
        }
        open = first;
        context.setCurrentSystemTimeMs(M + 1_000);
    }

    private static Bar second(int s, double open, double high, double low, double close, double volume, long trades) {
        return new Bar(
                BarInterval.S1,
                "binance",
                "BTCUSDT",
                M + s * 1_000L,
                M + s * 1_000L + 1_000,
                open,
                high,
                low,
                close,
                volume,
                trades,
                null,
                "feed-a");
    }

    private void process(Bar bar) {
        processor.process(new Record<>(INSTRUMENT, CODEC.encode(bar), bar.tsMs()));
    }

    private List<KeyValue<Bytes, byte[]>> openEntries() {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = open.all()) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }

    private List<Bar> minuteBars() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals("bars"))
                .map(f -> (Bar) CODEC.decode(f.record().value()))
                .toList();
    }

    private void closeOnWallClock() {
        context.setCurrentSystemTimeMs(M + 120_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(M + 120_000);
    }

    @Test
    @Timeout(30)
    void writesOneEntryOfOneSecondPerSecondBar() {
        processor.init(context);
        process(second(0, 10, 12, 9, 11, 2, 3));
        process(second(1, 11, 15, 11, 14, 1, 1));
        process(second(30, 14, 14, 8, 9, 5, 2));

        Bytes minute = BarKeys.barKey(M, INSTRUMENT);
        assertThat(openEntries())
                .extracting(e -> e.key)
                .containsExactly(BarKeys.slotKey(minute, 0), BarKeys.slotKey(minute, 1), BarKeys.slotKey(minute, 30));
        // second(1) + 7 numbers (8 bytes each) + source length(2) + "feed-a": 65 bytes, whatever the minute holds
        assertThat(openEntries()).allSatisfy(e -> assertThat(e.value).hasSize(65));

        closeOnWallClock();
        assertThat(minuteBars()).singleElement().satisfies(b -> {
            assertThat(b.tsMs()).isEqualTo(M);
            assertThat(b.open()).isEqualTo(10);
            assertThat(b.high()).isEqualTo(15);
            assertThat(b.low()).isEqualTo(8);
            assertThat(b.close()).isEqualTo(9);
            assertThat(b.volume()).isEqualTo(8);
            assertThat(b.trades()).isEqualTo(6);
        });
        assertThat(openEntries()).isEmpty();
    }

    @Test
    @Timeout(30)
    void splitsAWholeMinuteAnEarlierVersionStoredAndClosesItWithNewSeconds() {
        // As the store held it before: seconds 0 and 5 in one value under the minute's own key.
        Bytes minute = BarKeys.barKey(M, INSTRUMENT);
        open.put(
                minute,
                MinuteStateCodec.ofSlots(List.of(
                        MinuteStateCodec.slot(0, second(0, 10, 12, 9, 11, 2, 3)),
                        MinuteStateCodec.slot(5, second(5, 11, 20, 11, 19, 1, 1)))));

        processor.init(context);
        assertThat(openEntries())
                .extracting(e -> e.key)
                .containsExactly(BarKeys.slotKey(minute, 0), BarKeys.slotKey(minute, 5));

        process(second(40, 19, 19, 7, 8, 4, 2));
        closeOnWallClock();
        assertThat(minuteBars()).singleElement().satisfies(b -> {
            assertThat(b.open()).isEqualTo(10);
            assertThat(b.high()).isEqualTo(20);
            assertThat(b.low()).isEqualTo(7);
            assertThat(b.close()).isEqualTo(8);
            assertThat(b.volume()).isEqualTo(7);
            assertThat(b.trades()).isEqualTo(6);
        });
    }
}
