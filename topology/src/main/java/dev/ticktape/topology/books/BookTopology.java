package dev.ticktape.topology.books;

import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The latest order book per instrument, for interactive queries: {@code md.books} (snapshots and deltas, keyed
 * {@code venue:symbol}) folded into store {@value #STORE} (key {@code venue:symbol}, value the book as a snapshot
 * {@code BookUpdate} JSON). A snapshot replaces the book; a delta sets levels (qty 0 removes). Deltas for an
 * instrument without a snapshot are ignored until one arrives (the adapters publish one first and after gaps).
 */
public final class BookTopology {
    public static final String STORE = "books-latest";
    public static final String SOURCE = "books-source";
    public static final String PROCESSOR = "books-latest-fold";

    private BookTopology() {}

    public static void addTo(StreamsBuilder builder) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingEnabled()
                        .withLoggingEnabled(Map.of()));
        builder.stream(
                        Topics.BOOKS,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .process(Fold::new, Named.as(PROCESSOR), STORE);
    }

    public static Bytes key(String instrumentKey) {
        return Bytes.wrap(instrumentKey.getBytes(StandardCharsets.UTF_8));
    }

    /** Applies each update to the stored book. Terminal. */
    static final class Fold implements Processor<byte[], byte[], Void, Void> {
        private final EventCodec codec = new EventCodec();
        private KeyValueStore<Bytes, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (record.value() == null) return;
            MarketEvent e;
            try {
                e = codec.decode(record.value(), 0, record.value().length, EventCodec.DEFAULT_VENUE);
            } catch (InvalidEventException ex) {
                return; // md.books is written by adapters only; their dead letters go to md.dlq at the source
            }
            if (!(e instanceof BookUpdate u)) return;
            Bytes key = key(u.key());
            byte[] prev = store.get(key);
            OrderBook book;
            if (u.kind() == BookUpdate.Kind.SNAPSHOT) {
                book = OrderBook.from(u);
            } else if (prev != null) {
                book = OrderBook.from((BookUpdate) codec.decode(prev, 0, prev.length, EventCodec.DEFAULT_VENUE));
                if (u.lastSeq() <= book.lastSeq()) return; // already applied (a replayed delta)
                book.apply(u);
            } else {
                return;
            }
            store.put(key, codec.encode(book.toSnapshot(u.venue(), u.symbol(), u.tsMs(), u.recvMs())));
        }
    }
}
