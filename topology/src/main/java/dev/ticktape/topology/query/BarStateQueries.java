package dev.ticktape.topology.query;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.BarTopology;
import dev.ticktape.topology.bars.BarStateProcessor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the bar topology's queryable stores ({@link BarTopology#LATEST_BARS_STORE},
 * {@link BarTopology#RECENT_BARS_STORE}). The owner of an instrument is found from its record key
 * ({@code venue:symbol}, partitioned like the input topics); keys owned elsewhere come back as
 * {@link QueryResult.Remote}, and during a rebalance every query is {@link QueryResult.Unavailable}.
 */
public final class BarStateQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final EventCodec codec = new EventCodec();

    /** @param self this instance's {@code application.server}, or null when it runs alone without one */
    public BarStateQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public QueryResult<Bar> latest(InstrumentId id, BarInterval interval) {
        return query(id, BarTopology.LATEST_BARS_STORE, store -> {
            byte[] v = store.get(BarStateProcessor.latestKey(interval, id.key()));
            return v == null ? null : decode(v);
        });
    }

    /** 1s bars of {@code id} starting in {@code [from, to)} that are still in the recent window, oldest first. */
    public QueryResult<List<Bar>> recent(InstrumentId id, Instant from, Instant to) {
        return query(id, BarTopology.RECENT_BARS_STORE, store -> {
            List<Bar> out = new ArrayList<>();
            Bytes lo = BarStateProcessor.recentKey(id.key(), from.toEpochMilli());
            Bytes hi = BarStateProcessor.recentKey(id.key(), to.toEpochMilli() - 1);
            try (KeyValueIterator<Bytes, byte[]> it = store.range(lo, hi)) {
                it.forEachRemaining(kv -> out.add(decode(kv.value)));
            }
            return out;
        });
    }

    /**
     * The latest bar of the interval for every instrument whose partition this instance owns (active), ordered by
     * venue and symbol; {@link QueryResult.Local} with a possibly empty list, or {@link QueryResult.Unavailable}
     * during a rebalance. The whole picture is this plus the same answer from each of {@link #otherHosts()}.
     */
    public QueryResult<List<Bar>> latestOwned(BarInterval interval) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new QueryResult.Unavailable<>("streams " + streams.state());
        }
        String prefix = interval.label() + "|";
        List<Bar> out = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    BarTopology.LATEST_BARS_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            try (KeyValueIterator<Bytes, byte[]> it =
                    store.prefixScan(prefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> out.add(decode(kv.value)));
            }
        } catch (InvalidStateStoreException e) {
            return new QueryResult.Unavailable<>(e.getMessage());
        }
        out.sort(Comparator.comparing(Bar::venue).thenComparing(Bar::symbol));
        return new QueryResult.Local<>(out);
    }

    /** The other instances serving the bar stores, to ask for their share of {@link #latestOwned}. */
    public Collection<HostInfo> otherHosts() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata md : streams.streamsMetadataForStore(BarTopology.LATEST_BARS_STORE)) {
            HostInfo h = md.hostInfo();
            if (!h.equals(self) && !HostInfo.unavailable().equals(h)) hosts.add(h);
        }
        return hosts;
    }

    private <T> QueryResult<T> query(
            InstrumentId id, String storeName, Function<ReadOnlyKeyValueStore<Bytes, byte[]>, T> read) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new QueryResult.Unavailable<>("streams " + streams.state());
        }
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(
                    storeName, id.key(), Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return new QueryResult.Unavailable<>(e.getMessage());
        }
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE) return new QueryResult.Unavailable<>("no metadata yet");
        HostInfo owner = md.activeHost();
        if (self != null && !owner.equals(self) && !HostInfo.unavailable().equals(owner)) {
            return new QueryResult.Remote<>(owner.host(), owner.port());
        }
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                            .withPartition(md.partition()));
            T value = read.apply(store);
            return value == null ? new QueryResult.NotFound<>() : new QueryResult.Local<>(value);
        } catch (InvalidStateStoreException e) { // migrated or restoring right now
            return new QueryResult.Unavailable<>(e.getMessage());
        }
    }

    private Bar decode(byte[] json) {
        return (Bar) codec.decode(json, 0, json.length, EventCodec.DEFAULT_VENUE);
    }
}
