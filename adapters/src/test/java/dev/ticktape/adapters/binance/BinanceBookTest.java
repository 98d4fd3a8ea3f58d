package dev.ticktape.adapters.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.BookUpdate.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceBookTest {
    private final BinanceBook book = new BinanceBook();

    private static BinanceWsFrame.DepthUpdate diff(long first, long last, List<Level> bids, List<Level> asks) {
        return new BinanceWsFrame.DepthUpdate("BTCUSDT", 1767225600000L, first, last, bids, asks);
    }

    private static BinanceDepthSnapshot snapshot(long id) {
        return new BinanceDepthSnapshot(
                id, List.of(new Level(100, 1), new Level(99, 2)), List.of(new Level(101, 1), new Level(102, 3)));
    }

    @Test
    void buffersUntilSnapshotThenAppliesOnlyNewerEvents() {
        assertThat(book.onUpdate(diff(8, 10, List.of(new Level(98, 5)), List.of())))
                .isEqualTo(BinanceBook.Outcome.BUFFERED);
        book.onUpdate(diff(11, 12, List.of(new Level(100, 0)), List.of()));
        book.onUpdate(diff(13, 13, List.of(), List.of(new Level(101, 7))));

        var result = book.onSnapshot(snapshot(11));

        assertThat(result).isInstanceOf(BinanceBook.SnapshotResult.Applied.class);
        assertThat(((BinanceBook.SnapshotResult.Applied) result).applied())
                .extracting(BinanceWsFrame.DepthUpdate::firstUpdateId)
                .containsExactly(11L, 13L);
        assertThat(book.view())
                .isEqualTo(new BinanceBook.View(
                        13, List.of(new Level(99, 2)), List.of(new Level(101, 7), new Level(102, 3))));
    }

    @Test
    void rejectsSnapshotOlderThanFirstBufferedEvent() {
        book.onUpdate(diff(20, 25, List.of(), List.of()));
        assertThat(book.onSnapshot(snapshot(19))).isInstanceOf(BinanceBook.SnapshotResult.TooOld.class);
        assertThat(book.phase()).isEqualTo(BinanceBook.Phase.AWAITING_SNAPSHOT);
    }

    @Test
    void rejectsSnapshotWhenNothingIsBufferedYet() {
        assertThat(book.onSnapshot(snapshot(5))).isInstanceOf(BinanceBook.SnapshotResult.TooOld.class);
    }

    @Test
    void ignoresEventsAlreadyCoveredAndDetectsGaps() {
        book.onUpdate(diff(5, 6, List.of(), List.of()));
        book.onSnapshot(snapshot(6));
        assertThat(book.onUpdate(diff(3, 6, List.of(new Level(1, 1)), List.of())))
                .isEqualTo(BinanceBook.Outcome.STALE);
        assertThat(book.onUpdate(diff(7, 8, List.of(new Level(99, 0)), List.of())))
                .isEqualTo(BinanceBook.Outcome.APPLIED);
        assertThat(book.onUpdate(diff(10, 11, List.of(), List.of()))).isEqualTo(BinanceBook.Outcome.GAP);
        assertThat(book.phase()).isEqualTo(BinanceBook.Phase.AWAITING_SNAPSHOT);
        assertThat(book.hasBuffered()).isTrue();
        assertThat(book.onSnapshot(snapshot(10))).isInstanceOf(BinanceBook.SnapshotResult.Applied.class);
        assertThat(book.lastUpdateId()).isEqualTo(11);
    }

    @Test
    void gapInsideBufferRestartsSync() {
        book.onUpdate(diff(5, 6, List.of(), List.of()));
        book.onUpdate(diff(9, 9, List.of(), List.of()));
        assertThat(book.onSnapshot(snapshot(6))).isInstanceOf(BinanceBook.SnapshotResult.Gap.class);
        assertThat(book.phase()).isEqualTo(BinanceBook.Phase.AWAITING_SNAPSHOT);
        assertThat(book.onSnapshot(snapshot(9))).isInstanceOf(BinanceBook.SnapshotResult.Applied.class);
    }
}
