package dev.ticktape.app.push;

import java.time.Duration;

/**
 * The push API's limits.
 *
 * @param maxClients  concurrent streams per process; beyond, {@code 503} with {@code Retry-After}
 * @param queueEvents events queued for one client; a client that falls this far behind is dropped
 * @param heartbeat   a comment line is sent after this long without events, so proxies keep the connection
 * @param retry       the reconnect delay suggested to clients ({@code retry:})
 * @param idleLinger  how long a topic's consumer keeps running after its last client left
 */
public record StreamLimits(int maxClients, int queueEvents, Duration heartbeat, Duration retry, Duration idleLinger) {
    public static final StreamLimits DEFAULTS =
            new StreamLimits(256, 10_000, Duration.ofSeconds(15), Duration.ofSeconds(3), Duration.ofSeconds(30));

    public StreamLimits {
        if (maxClients < 1) throw new IllegalArgumentException("max stream clients must be >= 1");
        if (queueEvents < 1) throw new IllegalArgumentException("stream queue must hold >= 1 event");
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be > 0");
    }

    public StreamLimits withMaxClients(int n) {
        return new StreamLimits(n, queueEvents, heartbeat, retry, idleLinger);
    }

    public StreamLimits withQueueEvents(int n) {
        return new StreamLimits(maxClients, n, heartbeat, retry, idleLinger);
    }
}
