package dev.ticktape.topology.books;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class BookTopologyTest {
    private static final long T = 1_800_000_000_000L;
    private final EventCodec codec = new EventCodec();

    private static BookUpdate.Level l(double p, double q) {
        return new BookUpdate.Level(p, q);
    }

    private BookUpdate update(
            BookUpdate.Kind kind, List<BookUpdate.Level> bids, List<BookUpdate.Level> asks, long first, long last) {
        return new BookUpdate("binance", "BTCUSDT", T + last, T + last, kind, bids, asks, first, last);
    }

    @Test
    void foldsASnapshotAndItsDeltasIntoTheLatestBook() {
        StreamsBuilder b = new StreamsBuilder();
        BookTopology.addTo(b);
        Properties p = new Properties();
        p.put("application.id", "books-test");
        p.put("bootstrap.servers", "unused:9092");
        try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p)) {
            TestInputTopic<byte[], byte[]> in =
                    d.createInputTopic(Topics.BOOKS, new ByteArraySerializer(), new ByteArraySerializer());
            byte[] key = "binance:BTCUSDT".getBytes();
            in.pipeInput(
                    key,
                    codec.encode(update(
                            BookUpdate.Kind.DELTA, List.of(l(1, 1)), List.of(), 1, 1))); // before any snapshot: ignored
            in.pipeInput(
                    key,
                    codec.encode(update(
                            BookUpdate.Kind.SNAPSHOT, List.of(l(100, 1), l(99, 2)), List.of(l(101, 3)), 10, 10)));
            in.pipeInput(
                    key,
                    codec.encode(
                            update(BookUpdate.Kind.DELTA, List.of(l(99, 0), l(100.5, 4)), List.of(l(102, 1)), 11, 12)));
            in.pipeInput(
                    key,
                    codec.encode(update(
                            BookUpdate.Kind.DELTA, List.of(l(100.5, 9)), List.of(), 11, 12))); // replayed: ignored
            KeyValueStore<Bytes, byte[]> store = d.getKeyValueStore(BookTopology.STORE);
            BookUpdate book = (BookUpdate) codec.decode(store.get(BookTopology.key("binance:BTCUSDT")));
            assertThat(book.bids()).containsExactly(l(100.5, 4), l(100, 1));
            assertThat(book.asks()).containsExactly(l(101, 3), l(102, 1));
            assertThat(book.lastSeq()).isEqualTo(12);
        }
    }
}
