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
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Interactive queries over the bar topology's queryable stores ({@link BarTopology#LATEST_BARS_STORE},
 * {@link BarTopology#RECENT_BARS_STORE}). The owner of an instrument is found from its record key
 * ({@code venue:symbol}, partitioned like the input topics); keys owned elsewhere come back as
 * {@link QueryResult.Remote}, and during a rebalance every query is {@link QueryResult.Unavailable}.
 */
public final class BarStateQueries {
    private final StoreAccess access;
    private final EventCodec codec = new EventCodec();

    /** @param self this instance's {@code application.server}, or null when it runs alone without one */
    public BarStateQueries(KafkaStreams streams, HostInfo self) {
        this.access = new StoreAccess(streams, self);
    }

    public QueryResult<Bar> latest(InstrumentId id, BarInterval interval) {
        return access.forInstrument(id, BarTopology.LATEST_BARS_STORE, store -> {
            byte[] v = store.get(BarStateProcessor.latestKey(interval, id.key()));
            return v == null ? null : decode(v);
        });
    }

    /** 1s bars of {@code id} starting in {@code [from, to)} that are still in the recent window, oldest first. */
    public QueryResult<List<Bar>> recent(InstrumentId id, Instant from, Instant to) {
        return access.forInstrument(id, BarTopology.RECENT_BARS_STORE, store -> {
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
        String prefix = interval.label() + "|";
        return access.owned(BarTopology.LATEST_BARS_STORE, store -> {
            List<Bar> out = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it =
                    store.prefixScan(prefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> out.add(decode(kv.value)));
            }
            out.sort(Comparator.comparing(Bar::venue).thenComparing(Bar::symbol));
            return out;
        });
    }

    /** The other instances serving the bar stores, to ask for their share of {@link #latestOwned}. */
    public Collection<HostInfo> otherHosts() {
        return access.otherHosts(BarTopology.LATEST_BARS_STORE);
    }

    private Bar decode(byte[] json) {
        return (Bar) codec.decode(json, 0, json.length, EventCodec.DEFAULT_VENUE);
    }
}
