package dev.ticktape.topology.query;

import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.books.BookTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The latest book of an instrument from {@link BookTopology#STORE}, on whichever instance owns it. */
public final class BookQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final EventCodec codec = new EventCodec();

    public BookQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** The book as a snapshot, both sides cut to {@code depth} levels. */
    public QueryResult<BookUpdate> book(InstrumentId id, int depth) {
        if (streams.state() != KafkaStreams.State.RUNNING)
            return new QueryResult.Unavailable<>("streams " + streams.state());
        KeyQueryMetadata md = streams.queryMetadataForKey(
                BookTopology.STORE, id.key(), Serdes.String().serializer());
        if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE) return new QueryResult.Unavailable<>("no metadata yet");
        if (self != null
                && !md.activeHost().equals(self)
                && !HostInfo.unavailable().equals(md.activeHost())) {
            return new QueryResult.Remote<>(
                    md.activeHost().host(), md.activeHost().port());
        }
        try {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                            BookTopology.STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                    .withPartition(md.partition()));
            byte[] v = store.get(BookTopology.key(id.key()));
            if (v == null) return new QueryResult.NotFound<>();
            BookUpdate b = (BookUpdate) codec.decode(v, 0, v.length, EventCodec.DEFAULT_VENUE);
            return new QueryResult.Local<>(new BookUpdate(
                    b.venue(),
                    b.symbol(),
                    b.tsMs(),
                    b.recvMs(),
                    b.kind(),
                    b.bids().subList(0, Math.min(depth, b.bids().size())),
                    b.asks().subList(0, Math.min(depth, b.asks().size())),
                    b.firstSeq(),
                    b.lastSeq()));
        } catch (InvalidStateStoreException e) {
            return new QueryResult.Unavailable<>(e.getMessage());
        }
    }
}
