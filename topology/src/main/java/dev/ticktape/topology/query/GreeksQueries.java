package dev.ticktape.topology.query;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.greeks.GreeksKeys;
import dev.ticktape.topology.greeks.GreeksTopology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over {@link GreeksTopology#LATEST_STORE}. Filters are a scan, not a key lookup, so the
 * answer is spread over every instance: {@link #latest} answers from all partitions this instance hosts, and
 * {@link #otherHosts()} names the instances the caller must also ask (with a local-only flag) and merge.
 * During a rebalance or restore the answer is {@link QueryResult.Unavailable}.
 */
public final class GreeksQueries {
    /** Result order: broker, then OCC symbol. */
    static final Comparator<Greeks> ORDER =
            Comparator.comparing(Greeks::venue).thenComparing(g -> g.contract().occ());

    private final KafkaStreams streams;
    private final HostInfo self;
    private final EventCodec codec = new EventCodec();

    /** @param self this instance's {@code application.server}, or null when it runs alone without one */
    public GreeksQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /**
     * Latest snapshots held by this instance matching the filters (each nullable), ordered by broker and OCC
     * symbol; {@link QueryResult.Local} with a possibly empty list, or {@link QueryResult.Unavailable}.
     */
    public QueryResult<List<Greeks>> latest(String broker, String account, String underlying) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new QueryResult.Unavailable<>("streams " + streams.state());
        }
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    GreeksTopology.LATEST_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            return new QueryResult.Local<>(scan(store, new GreeksFilter(broker, account, underlying), codec));
        } catch (InvalidStateStoreException e) { // migrated or restoring right now
            return new QueryResult.Unavailable<>(e.getMessage());
        }
    }

    /** The other instances hosting partitions of the Greeks store; empty when this one runs alone. */
    public Collection<HostInfo> otherHosts() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        for (StreamsMetadata md : streams.streamsMetadataForStore(GreeksTopology.LATEST_STORE)) {
            HostInfo h = md.hostInfo();
            if (!h.equals(self) && !HostInfo.unavailable().equals(h)) hosts.add(h);
        }
        return hosts;
    }

    /** Reads the matching snapshots from {@code store}; a broker filter narrows the read to its key prefix. */
    static List<Greeks> scan(ReadOnlyKeyValueStore<Bytes, byte[]> store, GreeksFilter filter, EventCodec codec) {
        List<Greeks> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = filter.broker() == null
                ? store.all()
                : store.prefixScan(
                        Bytes.wrap(GreeksKeys.brokerPrefix(filter.broker()).getBytes(StandardCharsets.UTF_8)),
                        new BytesSerializer())) {
            while (it.hasNext()) {
                Greeks g = (Greeks) codec.decode(it.next().value);
                if (filter.matches(g)) out.add(g);
            }
        }
        out.sort(ORDER);
        return out;
    }
}
