package dev.ticktape.app.cli;

import dev.ticktape.app.push.StreamLimits;
import picocli.CommandLine.Option;

/** The HTTP edge's address (health, metrics, API). */
public final class HttpOptions {
    @Option(
            names = {"--metrics-host", "--http-host"},
            defaultValue = "${env:TICKTAPE_HTTP_HOST:-127.0.0.1}",
            description = "HTTP edge bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = {"--metrics-port", "--http-port"},
            defaultValue = "${env:TICKTAPE_HTTP_PORT}",
            description = "HTTP edge port; 0 picks a free one; -1 disables it (default: 8080 for run and persist, "
                    + "8081 gateway, 8082 streams).")
    Integer port;

    @Option(
            names = "--stream-max-clients",
            defaultValue = "${env:TICKTAPE_STREAM_MAX_CLIENTS:-64}",
            description = "Concurrent /v1/stream clients; beyond, 503 with Retry-After (default ${DEFAULT-VALUE}).")
    int streamMaxClients;

    @Option(
            names = "--stream-queue-events",
            defaultValue = "${env:TICKTAPE_STREAM_QUEUE_EVENTS:-10000}",
            description = "Events queued per /v1/stream client; a client that falls this far behind is dropped"
                    + " (default ${DEFAULT-VALUE}).")
    int streamQueueEvents;

    /** The push API's limits from these flags, the rest at their defaults. */
    StreamLimits streamLimits() {
        return StreamLimits.DEFAULTS.withMaxClients(streamMaxClients).withQueueEvents(streamQueueEvents);
    }

    int portOr(int dflt) {
        return port == null ? dflt : port;
    }
}
