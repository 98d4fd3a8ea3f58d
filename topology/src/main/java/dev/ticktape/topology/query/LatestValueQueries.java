package dev.ticktape.topology.query;

import dev.ticktape.model.InstrumentId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over a "latest" store: one event JSON per {@code <prefix>|venue:symbol} key (UTF-8), where the
 * prefix names a series of the instrument (a summary window in ms, a feature interval label). Values come back as
 * the stored JSON; the caller decodes or relays them. Owner lookup and rebalance handling are those of
 * {@link BarStateQueries}.
 */
public final class LatestValueQueries {
    private static final char SEPARATOR = '|';

    private final StoreAccess access;
    private final String storeName;

    /**
     * @param self      this instance's {@code application.server}, or null when it runs alone without one
     * @param storeName the latest store, written by a topology whose input is keyed {@code venue:symbol}
     */
    public LatestValueQueries(KafkaStreams streams, HostInfo self, String storeName) {
        this.access = new StoreAccess(streams, self);
        this.storeName = storeName;
    }

    /** The store key of {@code instrumentKey}'s latest value in the series {@code prefix}; writers use it too. */
    public static Bytes key(String prefix, String instrumentKey) {
        return Bytes.wrap((prefix + SEPARATOR + instrumentKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The latest value of {@code id} in the series {@code prefix}, from the instance that owns {@code id}. */
    public QueryResult<byte[]> get(InstrumentId id, String prefix) {
        return access.forInstrument(id, storeName, store -> read(store, id, prefix));
    }

    /**
     * The latest value in the series {@code prefix} of every instrument this instance owns (active), ordered by
     * instrument key; {@link QueryResult.Local} with a possibly empty list, or {@link QueryResult.Unavailable} during
     * a rebalance. The whole picture is this plus the same answer from each of {@link #otherHosts()}.
     */
    public QueryResult<List<byte[]>> owned(String prefix) {
        return access.owned(storeName, store -> scan(store, prefix));
    }

    /** The other instances serving the store, to ask for their share of {@link #owned}. */
    public Collection<HostInfo> otherHosts() {
        return access.otherHosts(storeName);
    }

    static byte[] read(ReadOnlyKeyValueStore<Bytes, byte[]> store, InstrumentId id, String prefix) {
        return store.get(key(prefix, id.key()));
    }

    static List<byte[]> scan(ReadOnlyKeyValueStore<Bytes, byte[]> store, String prefix) {
        Bytes start = Bytes.wrap((prefix + SEPARATOR).getBytes(StandardCharsets.UTF_8));
        List<KeyValue<Bytes, byte[]>> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(start, new BytesSerializer())) {
            it.forEachRemaining(found::add);
        }
        // One store spans the partitions this instance owns, and its iterator visits them one after another.
        found.sort(Comparator.comparing(kv -> kv.key));
        return found.stream().map(kv -> kv.value).toList();
    }
}
