package dev.ticktape.topology.query;

import dev.ticktape.model.InstrumentId;
import java.util.Collection;
import java.util.LinkedHashSet;
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
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The owner lookup and store access the per-instrument queries share. Stores are {@code Bytes -> byte[]} key-value
 * stores of a topology whose input records are keyed {@code venue:symbol}, so that key finds the owning partition.
 */
final class StoreAccess {
    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's {@code application.server}, or null when it runs alone without one */
    StoreAccess(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /**
     * Reads from the partition of {@code storeName} that holds {@code id}: {@link QueryResult.Local} (or
     * {@link QueryResult.NotFound} when {@code read} gives null) on the owner, {@link QueryResult.Remote} naming the
     * owner elsewhere, {@link QueryResult.Unavailable} while rebalancing or restoring.
     */
    <T> QueryResult<T> forInstrument(
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

    /**
     * Reads every partition of {@code storeName} this instance owns (active): {@link QueryResult.Local}, or
     * {@link QueryResult.Unavailable} during a rebalance.
     */
    <T> QueryResult<T> owned(String storeName, Function<ReadOnlyKeyValueStore<Bytes, byte[]>, T> read) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new QueryResult.Unavailable<>("streams " + streams.state());
        }
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    storeName, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            return new QueryResult.Local<>(read.apply(store));
        } catch (InvalidStateStoreException e) {
            return new QueryResult.Unavailable<>(e.getMessage());
        }
    }

    /** The other instances serving {@code storeName}, to ask for their share of an {@link #owned} answer. */
    Collection<HostInfo> otherHosts(String storeName) {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata md : streams.streamsMetadataForStore(storeName)) {
            HostInfo h = md.hostInfo();
            if (!h.equals(self) && !HostInfo.unavailable().equals(h)) hosts.add(h);
        }
        return hosts;
    }
}
