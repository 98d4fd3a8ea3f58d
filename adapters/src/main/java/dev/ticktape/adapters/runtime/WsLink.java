package dev.ticktape.adapters.runtime;

/** What a {@link WsHandler} may do with the connection that delivered a callback. */
public interface WsLink {

    /** Sends a control message (subscribe, auth...) through the session's rate limiter. */
    void sendControl(String message);

    /** Sends the subscribe messages for every stored subscription on this connection. */
    void resubscribe();

    /**
     * Opens a replacement connection and closes this one once the replacement delivers data, so no message is
     * lost (planned venue cut, server shutdown notice).
     */
    void rollover(String reason);

    /** Drops this connection and reconnects with backoff. */
    void reconnect(String reason);

    /**
     * Drops a connection that went silent and reconnects: the session records the silence as a {@code STALE_FEED}
     * gap from the last data received (the default only reconnects).
     */
    default void reconnectStale(String reason) {
        reconnect(reason);
    }

    /** The session's status, for degradations the handler knows about (resync, gap-fill). */
    StatusReporter status();

    String connectionId();
}
