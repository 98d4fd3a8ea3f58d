package dev.ticktape.topology.decisions;

import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the decision processor (docs/decisions.md) to the analytics application's {@link StreamsBuilder}, beside
 * the summariser that writes its input.
 *
 * <p>Input {@code md.summaries} (key {@code venue:symbol}, summary JSON), source {@value #SOURCE}; processor
 * {@value #PROCESSOR} (see {@link DecisionProcessor}); sink {@value #SINK} to {@code md.decisions} (key
 * {@code venue:symbol}, decision JSON, record timestamp = the decision's {@code ts_ms}).
 *
 * <p>Stores of the processor (in memory, cached, changelogged): {@value #INSTRUMENTS_STORE} (per instrument the
 * last decided end, the state and the target) and {@value #COSTS_STORE} (per instrument the costs of the changes
 * made in the budget's window).
 *
 * <p>Global stores (in memory; the topic is their changelog, and Streams replays it through their processors on
 * restore): {@value #GATE_STORE} from {@code md.decisions.gate} (key the scope, value the latest valid
 * {@link dev.ticktape.model.GateSetting} JSON) and {@value #STATUS_STORE} from {@code md.status} (the recent status
 * records per connection, see {@link StatusStoreUpdater}).
 */
public final class DecisionTopology {
    public static final String INSTRUMENTS_STORE = "decisions-instruments";
    public static final String COSTS_STORE = "decisions-costs";
    public static final String GATE_STORE = "decisions-gate";
    public static final String STATUS_STORE = "decisions-status";

    public static final String SOURCE = "decisions-summaries-source";
    public static final String PROCESSOR = "decisions-decide";
    public static final String SINK = "decisions-sink";
    /** The global stores' processors; Streams names their sources {@code <name>-source}. */
    public static final String GATE_UPDATER = "decisions-gate-update";

    public static final String STATUS_UPDATER = "decisions-status-update";

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private DecisionTopology() {}

    /**
     * Adds the two global stores, the processor, its source on {@code md.summaries} and its sink. The builder may
     * hold the summariser too: its sink and this source on {@code md.summaries} are separate nodes.
     */
    public static void addTo(StreamsBuilder builder, DecisionConfig cfg, DecisionMetrics metrics) {
        EventCodec codec = new EventCodec();
        builder.addGlobalStore(
                globalStore(GATE_STORE),
                Topics.DECISION_GATE,
                Consumed.with(BYTES, BYTES).withName(GATE_UPDATER),
                () -> new GateStoreUpdater(GATE_STORE, metrics));
        builder.addGlobalStore(
                globalStore(STATUS_STORE),
                Topics.STATUS,
                Consumed.with(BYTES, BYTES).withName(STATUS_UPDATER),
                () -> new StatusStoreUpdater(STATUS_STORE, cfg, codec, metrics));
        builder.addStateStore(store(INSTRUMENTS_STORE));
        builder.addStateStore(store(COSTS_STORE));
        DecisionProcessor.StoreNames stores =
                new DecisionProcessor.StoreNames(INSTRUMENTS_STORE, COSTS_STORE, GATE_STORE, STATUS_STORE);
        builder.stream(Topics.SUMMARIES, Consumed.with(BYTES, BYTES).withName(SOURCE))
                .process(
                        () -> new DecisionProcessor(stores, cfg, codec, metrics),
                        Named.as(PROCESSOR),
                        INSTRUMENTS_STORE,
                        COSTS_STORE)
                .to(Topics.DECISIONS, Produced.with(BYTES, BYTES).withName(SINK));
    }

    /** In memory for speed; the cache folds each commit's writes to a key into one changelog record. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), BYTES)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }

    /** A global store's topic is its changelog: no logging of its own. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> globalStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), BYTES)
                .withLoggingDisabled();
    }
}
