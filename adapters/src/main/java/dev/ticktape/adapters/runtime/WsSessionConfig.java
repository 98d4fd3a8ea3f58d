package dev.ticktape.adapters.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Settings of one {@link WsSession}.
 *
 * @param connectionId      upper-case id of this connection, used as the {@code md.status} symbol (e.g. CONN0)
 * @param uri               where to connect
 * @param backoff           reconnect delays
 * @param staleTimeout      no market data for this long while {@code marketOpen} -> reconnect
 * @param marketOpen        whether silence is suspicious right now (always true for 24/7 venues)
 * @param clientPingInterval how often the client pings and how long it waits for a pong; zero when the server
 *                          drives the heartbeat (its pings are answered automatically)
 * @param controlPerSecond  most control messages (subscribe, auth...) sent per second
 * @param heartbeatInterval how often the current status is re-published
 * @param handoverBuffer    most frames of a replacement connection held during an overlapped rollover of a
 *                          sequenced feed ({@link WsHandler#sequenced()}) before the handover is forced
 */
public record WsSessionConfig(
        String connectionId,
        URI uri,
        Backoff backoff,
        Duration staleTimeout,
        BooleanSupplier marketOpen,
        Duration clientPingInterval,
        int controlPerSecond,
        Duration heartbeatInterval,
        int handoverBuffer) {
    /** Frames held by default: seconds of a busy connection, a few MB at most. */
    public static final int DEFAULT_HANDOVER_BUFFER = 10_000;

    /** As the canonical constructor, with {@link #DEFAULT_HANDOVER_BUFFER}. */
    public WsSessionConfig(
            String connectionId,
            URI uri,
            Backoff backoff,
            Duration staleTimeout,
            BooleanSupplier marketOpen,
            Duration clientPingInterval,
            int controlPerSecond,
            Duration heartbeatInterval) {
        this(
                connectionId,
                uri,
                backoff,
                staleTimeout,
                marketOpen,
                clientPingInterval,
                controlPerSecond,
                heartbeatInterval,
                DEFAULT_HANDOVER_BUFFER);
    }

    public WsSessionConfig {
        if (connectionId == null || connectionId.isBlank()) throw new IllegalArgumentException("connectionId");
        if (uri == null || backoff == null || staleTimeout == null || marketOpen == null) {
            throw new IllegalArgumentException("uri, backoff, staleTimeout and marketOpen are required");
        }
        if (clientPingInterval == null || clientPingInterval.isNegative()) {
            throw new IllegalArgumentException("clientPingInterval must be >= 0");
        }
        if (controlPerSecond < 1) throw new IllegalArgumentException("controlPerSecond must be >= 1");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be > 0");
        }
        if (handoverBuffer < 1) throw new IllegalArgumentException("handoverBuffer must be >= 1");
    }
}
