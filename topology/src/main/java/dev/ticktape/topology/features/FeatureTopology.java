package dev.ticktape.topology.features;

import dev.ticktape.model.BarInterval;
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
 * Adds the intraday features (docs/analytics.md, "Intraday features") to the analytics application's
 * {@link StreamsBuilder}.
 *
 * <p>Per configured interval {@code <label>} ({@code 1m}, {@code 1s}): source {@code features-<label>-source} on
 * the interval's bar topic ({@code md.bars.1m}, {@code md.bars.1s}; key {@code venue:symbol}, bar JSON),
 * processor {@code features-<label>-compute} (see {@link FeatureProcessor}), sink {@code features-<label>-sink} to
 * {@code md.features} (key {@code venue:symbol}, {@link dev.ticktape.model.FeatureSet} JSON, record timestamp = bar
 * start).
 *
 * <p>Stores (in memory, cached, changelogged): {@code features-<label>-bars} (per instrument the recent bars and the
 * running state after each; keys {@code [venue:symbol][0x00][8-byte start]}, see {@link FeatureKeys}) and, shared
 * by the intervals, {@value #LATEST_STORE} (queryable). The shared store puts both intervals' processors in one
 * sub-topology; each interval's state stays apart, keyed by instrument.
 */
public final class FeatureTopology {
    /** Queryable: the latest feature set per interval and instrument (key {@code 1m|venue:symbol}, JSON). */
    public static final String LATEST_STORE = "features-latest";

    static final String SOURCE = "source";
    static final String COMPUTE = "compute";
    static final String SINK = "sink";
    static final String BARS = "bars";

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private FeatureTopology() {}

    /** The prefix of every node and store of {@code interval}: {@code features-1m-}. */
    public static String prefix(BarInterval interval) {
        return "features-" + interval.label() + "-";
    }

    /** The bar and state store of {@code interval}: {@code features-1m-bars}. */
    public static String barStore(BarInterval interval) {
        return prefix(interval) + BARS;
    }

    public static void addTo(StreamsBuilder builder, FeatureConfig cfg, FeatureMetrics metrics) {
        EventCodec codec = new EventCodec();
        builder.addStateStore(store(LATEST_STORE));
        for (BarInterval interval : cfg.intervals()) {
            String prefix = prefix(interval);
            String bars = barStore(interval);
            builder.addStateStore(store(bars));
            builder.stream(interval.topic(), Consumed.with(BYTES, BYTES).withName(prefix + SOURCE))
                    .process(
                            () -> new FeatureProcessor(interval, cfg, bars, LATEST_STORE, codec, metrics),
                            Named.as(prefix + COMPUTE),
                            bars,
                            LATEST_STORE)
                    .to(Topics.FEATURES, Produced.with(BYTES, BYTES).withName(prefix + SINK));
        }
    }

    /** In memory for speed; the cache folds a recomputed bar's repeated writes into one changelog record. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), BYTES)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }
}
