package dev.ticktape.topology.summaries;

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
 * Adds the summariser ({@code docs/analytics.md}, "Summaries") to a {@link StreamsBuilder} of the analytics
 * application, beside the features.
 *
 * <p>Input {@code md.bars.1s} (key {@code venue:symbol}, {@code ohlc1s} JSON, revisions included). Output
 * {@code md.summaries}: key {@code venue:symbol}, summary JSON, record timestamp the window end; one summary per
 * window per bar, plus re-emissions under the same key when a late or revised bar changes a later bar's window.
 *
 * <p>Stores (in memory, cached, changelogged): {@value #BARS_STORE} (each instrument's recent 1s bars, fixed
 * binary), {@value #NEWEST_STORE} (each instrument's newest bar start) and {@value #LATEST_STORE} (queryable with
 * {@link dev.ticktape.topology.query.LatestValueQueries}: key {@code <window ms>|venue:symbol}, the summary with the
 * latest end as JSON).
 */
public final class SummaryTopology {
    /** Queryable: the latest summary per window and instrument (key {@code <window ms>|venue:symbol}, JSON). */
    public static final String LATEST_STORE = "summaries-latest";

    public static final String BARS_STORE = "summaries-bars";
    public static final String NEWEST_STORE = "summaries-newest";

    public static final String SOURCE = "summaries-bars-1s-source";
    public static final String PROCESSOR = "summaries-compute";
    public static final String SINK = "summaries-sink";

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private SummaryTopology() {}

    /**
     * Adds the summariser, its source on {@code md.bars.1s} and its sink. Another topology of the same builder may read
     * {@code md.bars.1s} too: Streams merges the two sources into one.
     */
    public static void addTo(StreamsBuilder builder, SummaryConfig cfg, SummaryMetrics metrics) {
        EventCodec codec = new EventCodec();
        builder.addStateStore(store(BARS_STORE));
        builder.addStateStore(store(NEWEST_STORE));
        builder.addStateStore(store(LATEST_STORE));
        SummaryProcessor.StoreNames stores = new SummaryProcessor.StoreNames(BARS_STORE, NEWEST_STORE, LATEST_STORE);
        builder.stream(Topics.BARS_1S, Consumed.with(BYTES, BYTES).withName(SOURCE))
                .process(
                        () -> new SummaryProcessor(stores, cfg, codec, metrics),
                        Named.as(PROCESSOR),
                        BARS_STORE,
                        NEWEST_STORE,
                        LATEST_STORE)
                .to(Topics.SUMMARIES, Produced.with(BYTES, BYTES).withName(SINK));
    }

    /** In memory for speed; the cache folds each commit's writes to a key into one changelog record. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), BYTES)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }
}
