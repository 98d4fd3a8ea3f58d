package dev.ticktape.topology.greeks;

import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the Greeks sub-topology to a {@link StreamsBuilder} (the one the bar topology uses, so one client runs
 * both).
 *
 * <p>Input {@code md.greeks} (Greeks JSON, any key or none). Outputs: {@value #GREEKS_ACCEPTED_TOPIC} (key
 * {@code broker|occ}, canonical Greeks JSON, record timestamp {@code ts_ms}) for persistence, and
 * {@code md.dlq}. Records whose key already is {@code broker|occ} go straight to the state processor; others
 * pass the {@value #REKEY_REPARTITION} repartition topic first, so {@code md.greeks} and that topic must have the
 * same number of partitions (Streams creates it so).
 *
 * <p>Stores (in memory, cached, changelogged; key {@code broker|occ}): {@value #LATEST_STORE} (queryable: latest
 * accepted snapshot as Greeks JSON) and {@value #CONFLATION_STORE} (per-contract forward bookkeeping, used only
 * when conflating). See {@link LatestGreeksProcessor} for the dedupe, ordering and conflation policy.
 */
public final class GreeksTopology {
    /** Accepted snapshots, for the Greeks sink. Provisioned like the {@code md.*} topics. */
    public static final String GREEKS_ACCEPTED_TOPIC = Topics.GREEKS_ACCEPTED;
    /** Queryable: the latest snapshot per {@code broker|occ} (UTF-8 key, Greeks JSON value). */
    public static final String LATEST_STORE = "greeks-latest";

    public static final String CONFLATION_STORE = "greeks-conflation";
    /** Repartition topic name (prefixed with the application id, suffixed {@code -repartition} by Streams). */
    public static final String REKEY_REPARTITION = "greeks-rekey";

    public static final String SOURCE = "greeks-source";
    public static final String DECODE_PROCESSOR = "greeks-decode";
    public static final String LATEST_PROCESSOR = "greeks-latest-state";

    private static final String ROUTE = "greeks-route-";
    private static final String REJECTED = "rejected";
    private static final String KEYED = "keyed";
    private static final String UNKEYED = "unkeyed";
    private static final Serde<byte[]> BYTES = Serdes.ByteArray();

    private GreeksTopology() {}

    public static void addTo(StreamsBuilder builder, GreeksConfig cfg, GreeksMetrics metrics) {
        EventCodec codec = new EventCodec();
        builder.addStateStore(store(LATEST_STORE));
        builder.addStateStore(store(CONFLATION_STORE));
        long skew = cfg.maxFutureSkew().toMillis();
        Map<String, KStream<byte[], DecodedGreeks>> routes = builder.stream(
                        Topics.GREEKS, Consumed.with(BYTES, BYTES).withName(SOURCE))
                .process(() -> new GreeksDecodeProcessor(codec, metrics, skew), Named.as(DECODE_PROCESSOR))
                .split(Named.as(ROUTE))
                .branch((k, v) -> v instanceof DecodedGreeks.Rejected, Branched.as(REJECTED))
                .branch((k, v) -> ((DecodedGreeks.Accepted) v).keyed(), Branched.as(KEYED))
                .defaultBranch(Branched.as(UNKEYED));

        routes.get(ROUTE + REJECTED)
                .mapValues(v -> ((DecodedGreeks.Rejected) v).deadLetter(), Named.as("greeks-dlq-value"))
                .to(Topics.DLQ, Produced.with(BYTES, BYTES).withName("greeks-dlq-sink"));

        KStream<byte[], DecodedGreeks> rekeyed = routes.get(ROUTE + UNKEYED)
                .repartition(Repartitioned.<byte[], DecodedGreeks>as(REKEY_REPARTITION)
                        .withKeySerde(BYTES)
                        .withValueSerde(new RekeyedGreeksSerde(codec)));

        routes.get(ROUTE + KEYED)
                .merge(rekeyed, Named.as("greeks-merge"))
                .process(
                        () -> new LatestGreeksProcessor(LATEST_STORE, CONFLATION_STORE, cfg, codec, metrics),
                        Named.as(LATEST_PROCESSOR),
                        LATEST_STORE,
                        CONFLATION_STORE)
                .to(GREEKS_ACCEPTED_TOPIC, Produced.with(BYTES, BYTES).withName("greeks-accepted-sink"));
    }

    /** In memory for speed; the cache folds a busy contract's updates into one changelog write per commit. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), BYTES)
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }
}
