package dev.ticktape.adapters.runtime;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.MarketEvent;

/**
 * The publisher of one logical WebSocket feed (a {@link WsSession}): events go through a
 * {@linkplain EventPublisher#openChannel channel} of the underlying publisher that lasts for one unbroken stretch of
 * connection. The session {@linkplain #connected() opens} one when its connection is up and
 * {@linkplain #disconnected() ends} it when the feed loses continuity (the connection dropped without an overlapped
 * replacement) and when it stops, so a channel's producer clock never speaks for a time the feed was down, and the
 * next connection starts a fresh clock. A planned rollover keeps the channel: the overlap loses nothing.
 *
 * <p>Between a loss and the next connection, and after {@link #close()}, events (a REST gap-fill finishing, a
 * straggler) go to the underlying publisher directly, without a clock. Thread-safe: the socket thread and REST
 * threads publish, the session switches; a switch waits for a publish in progress, so nothing is published into a
 * channel after it ended.
 */
public final class ConnectionChannel implements EventPublisher {
    private final EventPublisher publisher;
    private final String name;
    private EventPublisher current;
    private boolean closed;

    /** {@code name} names the feed's channels, e.g. {@code ws:binance/CONN0}. */
    public ConnectionChannel(EventPublisher publisher, String name) {
        this.publisher = publisher;
        this.name = name;
    }

    /** A connection is up: opens a channel unless one is open (a rollover's replacement keeps the current one). */
    public synchronized void connected() {
        if (closed || current != null) return;
        current = publisher.openChannel(name);
    }

    /** The feed lost continuity: ends the current channel (its end ticks go out once its events are sent). */
    public synchronized void disconnected() {
        EventPublisher ch = current;
        current = null;
        if (ch != null) ch.close();
    }

    /** Whether a channel is open now. */
    public synchronized boolean isConnected() {
        return current != null;
    }

    @Override
    public synchronized void publish(MarketEvent event, PublishCallback done) {
        (current != null ? current : publisher).publish(event, done);
    }

    @Override
    public synchronized void publishDeadLetter(DeadLetter deadLetter, PublishCallback done) {
        (current != null ? current : publisher).publishDeadLetter(deadLetter, done);
    }

    @Override
    public void flush() {
        publisher.flush();
    }

    /** Ends the current channel for good; the underlying publisher belongs to its owner and stays open. */
    @Override
    public synchronized void close() {
        closed = true;
        disconnected();
    }

    @Override
    public EventPublisher openChannel(String other) {
        return publisher.openChannel(other);
    }
}
