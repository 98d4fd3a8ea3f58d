package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConnectionChannelTest {
    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final ConnectionChannel feed = new ConnectionChannel(publisher, "ws:test/CONN0");

    @Test
    void oneChannelPerUnbrokenConnectionAndDirectPublishingInBetween() {
        feed.publish(trade(1), f -> {}); // before the first connection: no clock
        assertThat(publisher.channels()).isEmpty();

        feed.connected();
        feed.connected(); // a rollover's replacement opening: same channel
        feed.publish(trade(2), f -> {});
        feed.publish(trade(3), f -> {});
        feed.disconnected();
        feed.publish(trade(4), f -> {}); // a straggler while down
        feed.connected();
        feed.publish(trade(5), f -> {});

        assertThat(publisher.channels()).hasSize(2).allMatch(c -> c.name().equals("ws:test/CONN0"));
        InMemoryPublisher.RecordingChannel first = publisher.channels().get(0);
        InMemoryPublisher.RecordingChannel second = publisher.channels().get(1);
        assertThat(first.closed()).isTrue();
        assertThat(first.trades()).extracting(Trade::tsMs).containsExactly(ts(2), ts(3));
        assertThat(second.closed()).isFalse();
        assertThat(second.trades()).extracting(Trade::tsMs).containsExactly(ts(5));
        assertThat(publisher.trades()).hasSize(5);
    }

    @Test
    void closeEndsTheChannelForGoodButKeepsThePublisher() {
        feed.connected();
        feed.close();
        feed.connected(); // a connection completing after the stop does not reopen
        feed.publish(trade(1), f -> {});
        assertThat(publisher.channels())
                .singleElement()
                .satisfies(c -> assertThat(c.closed()).isTrue());
        assertThat(publisher.trades()).hasSize(1);
        assertThat(feed.isConnected()).isFalse();
    }

    private static long ts(int i) {
        return 1_700_000_000_000L + i;
    }

    private static Trade trade(int i) {
        return new Trade("test", "ABC", ts(i), ts(i), 1.0, 1.0);
    }
}
