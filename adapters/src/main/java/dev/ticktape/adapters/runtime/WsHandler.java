package dev.ticktape.adapters.runtime;

import java.util.List;

/**
 * The venue protocol on top of a {@link WsSession}. Callbacks of one session are serialized (never concurrent),
 * also while an old and a replacement connection overlap.
 */
public interface WsHandler {

    /** The connection is open. The default subscribes at once; venues that authenticate first override it. */
    default void onOpen(WsLink link) {
        link.resubscribe();
    }

    /** Control messages that subscribe {@code streams} (chunked as the venue requires). */
    List<String> subscribeMessages(List<String> streams);

    /** Control messages that unsubscribe {@code streams}; the default sends nothing (venue has no unsubscribe). */
    default List<String> unsubscribeMessages(List<String> streams) {
        return List.of();
    }

    /**
     * One text frame. Returns true when it carried market data: only data feeds the stale-feed watchdog and
     * the message counters, heartbeats and control responses do not.
     */
    boolean onText(WsLink link, String text, long recvMs);

    /**
     * Whether this venue's market-data frames carry sequence numbers ({@link #positionOf}). With them, a session hands
     * an overlapped rollover over without loss, duplicate or reordering: it holds the replacement's data frames until
     * the old connection has delivered their predecessors. Without (the default), it switches to the replacement as
     * soon as that delivers data.
     */
    default boolean sequenced() {
        return false;
    }

    /**
     * The position of a market-data frame, or null for frames that are not sequenced market data (control replies,
     * notices, undecodable text: those are handled at once, from either connection). Called only when
     * {@link #sequenced()}, and only during a rollover; it must not change any state.
     */
    default WsFramePosition positionOf(String text) {
        return null;
    }

    /**
     * Whether the session records its outages (disconnects, stale feed) as gaps of the market data on
     * {@code md.gaps}. A stream that carries no market data (an account stream whose events are caught up over REST)
     * says no.
     */
    default boolean recordsOutages() {
        return true;
    }

    /** An unplanned reconnect has completed: messages may have been lost while down (gap-fill hook). */
    default void onReconnected(WsLink link) {}
}
