package dev.ticktape.topology.bars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.DrainSignal;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A live 1s bar is committed as soon as it closes, not at the next commit interval; a replay's bars (long past)
 * keep the interval's batching.
 */
class LiveBarCommitTest {
    private static final long S = 1_700_000_040_000L;
    private static final EventCodec CODEC = new EventCodec();
    private static final TradeBarProcessor.Wiring WIRING =
            new TradeBarProcessor.Wiring("open", "ids", "progress", "emitted", "bars", "late", "rollup");

    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private final TradeBarProcessor processor = new TradeBarProcessor(
            WIRING,
            TopologyConfig.defaults(),
            CODEC,
            new TopologyMetrics(new SimpleMeterRegistry()),
            new DrainSignal());

    LiveBarCommitTest() {
        for (String name : List.of("open", "ids", "progress", "emitted")) {
            KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled()
                    .build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
    }

    private void trade(long ts, double price, double qty) {
        Trade t = new Trade("binance", "AAA", ts, ts + 1, price, qty);
        processor.process(new Record<>(
                "binance:AAA".getBytes(StandardCharsets.US_ASCII),
                new DecodedTrade.Accepted(t, CODEC.encode(t), true, "p1"),
                ts));
    }

    private void tick(long ts) {
        processor.process(new Record<>(new byte[0], new DecodedTrade.Tick(new ProducerTick("p1", ts, false)), ts));
    }

    private List<Bar> bars() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals("bars"))
                .map(f -> (Bar) CODEC.decode(f.record().value()))
                .toList();
    }

    @Test
    @Timeout(30)
    void commitsAtOnceWhenALiveBarCloses() {
        context.setCurrentSystemTimeMs(S + 1_100);
        processor.init(context);
        trade(S + 100, 10, 1);
        trade(S + 900, 12, 3);
        tick(S + 1_200); // second [S, S+1000) ends at S+1000; with 250 ms grace it is still open
        assertThat(bars()).isEmpty();
        assertThat(context.committed()).isFalse();

        context.setCurrentSystemTimeMs(S + 1_300);
        tick(S + 1_250); // S + 1000 + 250 <= 1250: closes, 50 ms after it became closable
        assertThat(bars()).singleElement().satisfies(b -> {
            assertThat(b.tsMs()).isEqualTo(S);
            assertThat(b.open()).isEqualTo(10);
            assertThat(b.close()).isEqualTo(12);
            assertThat(b.volume()).isEqualTo(4);
            assertThat(b.trades()).isEqualTo(2);
        });
        assertThat(context.committed()).isTrue();
    }

    @Test
    @Timeout(30)
    void leavesAReplaysBarsToTheCommitInterval() {
        context.setCurrentSystemTimeMs(S + 3_600_000); // an hour after the data
        processor.init(context);
        trade(S + 100, 10, 1);
        tick(S + 1_250);
        assertThat(bars()).extracting(Bar::tsMs).containsExactly(S);
        assertThat(context.committed()).isFalse();
    }
}
