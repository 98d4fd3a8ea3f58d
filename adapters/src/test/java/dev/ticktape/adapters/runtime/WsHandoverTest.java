package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WsHandoverTest {
    private static WsFramePosition depth(long u) {
        return new WsFramePosition("BTCUSDT@depth", u);
    }

    private static WsFramePosition trade(long id) {
        return new WsFramePosition("BTCUSDT@trade", id);
    }

    @Test
    void replacementAheadWaitsUntilTheOldConnectionDeliveredEveryHeldStreamsFirstFrame() {
        WsHandover h = new WsHandover(100);
        h.oldDelivered(depth(10));
        h.oldDelivered(trade(5));
        assertThat(h.hold("d12", depth(12), 1)).isTrue();
        assertThat(h.hold("t7", trade(7), 2)).isTrue();
        assertThat(h.hold("d13", depth(13), 3)).isTrue();
        assertThat(h.caughtUp()).isFalse();

        h.oldDelivered(depth(11));
        h.oldDelivered(depth(12));
        assertThat(h.caughtUp())
                .as("trade 7 still on the way on the old connection")
                .isFalse();
        h.oldDelivered(trade(6));
        h.oldDelivered(trade(7));
        assertThat(h.caughtUp()).isTrue();

        // What the old connection delivered is not replayed; the rest is, in arrival order.
        assertThat(h.release()).extracting(WsHandover.Held::text).containsExactly("d13");
        assertThat(h.heldCount()).isZero();
    }

    @Test
    void replacementBehindIsCaughtUpAtItsFirstFrame() {
        WsHandover h = new WsHandover(100);
        h.oldDelivered(depth(20));
        h.hold("d18", depth(18), 1);
        assertThat(h.caughtUp()).isTrue();
        assertThat(h.release()).isEmpty();
    }

    @Test
    void nothingHeldIsNotCaughtUp() {
        WsHandover h = new WsHandover(100);
        h.oldDelivered(depth(20));
        assertThat(h.caughtUp()).isFalse();
    }

    @Test
    void overflowIsReportedAndEveryHeldFrameStaysReleasable() {
        WsHandover h = new WsHandover(2);
        assertThat(h.hold("d1", depth(1), 1)).isTrue();
        assertThat(h.hold("d2", depth(2), 2)).isTrue();
        assertThat(h.hold("d3", depth(3), 3)).isFalse();
        assertThat(h.release()).extracting(WsHandover.Held::text).containsExactly("d1", "d2", "d3");
    }

    @Test
    void olderOrRepeatedFramesOfTheOldConnectionDoNotCountTwice() {
        WsHandover h = new WsHandover(100);
        h.hold("d5", depth(5), 1);
        h.oldDelivered(depth(6));
        h.oldDelivered(depth(4));
        h.oldDelivered(depth(7));
        assertThat(h.caughtUp()).isTrue();
        h.hold("t9", trade(9), 2);
        assertThat(h.caughtUp()).isFalse();
    }

    @Test
    void rejectsAnEmptyBuffer() {
        assertThatThrownBy(() -> new WsHandover(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
