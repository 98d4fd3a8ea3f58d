package dev.ticktape.app.cli;

import dev.ticktape.app.push.StreamLimits;
import picocli.CommandLine.Option;

/**
 * The HTTP edge's address (health, metrics, API). {@code --http-host}/{@code --http-port} are the names; the
 * stream-daemon contract's {@code --metrics-host}/{@code --metrics-port} stay accepted as hidden aliases. They are
 * separate options rather than extra names so that picocli's errors name the flag operators see in the help.
 */
public final class HttpOptions {
    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = "${env:TICKTAPE_HTTP_HOST:-127.0.0.1}",
            description = "HTTP edge bind address (default ${DEFAULT-VALUE}; alias --metrics-host).")
    String host;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "${env:TICKTAPE_HTTP_PORT}",
            description = "HTTP edge port; 0 picks a free one; -1 disables it (default: 8080 for run and persist, "
                    + "8081 gateway, 8082 streams; alias --metrics-port).")
    Integer port;

    // Own fields: picocli fills the primary's default after parsing, which would overwrite an alias's setter.
    @Option(names = "--metrics-host", paramLabel = "HOST", hidden = true, description = "Alias of --http-host.")
    String metricsHost;

    @Option(names = "--metrics-port", paramLabel = "PORT", hidden = true, description = "Alias of --http-port.")
    Integer metricsPort;

    @Option(
            names = "--insecure",
            defaultValue = "${env:TICKTAPE_INSECURE:-false}",
            description = "Allow a non-loopback --http-host without TICKTAPE_API_TOKEN, leaving mutating routes open"
                    + " to anyone who can connect.")
    boolean insecure;

    String host() {
        return metricsHost != null ? metricsHost : host;
    }

    @Option(
            names = "--stream-max-clients",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_STREAM_MAX_CLIENTS:-256}",
            description = "Concurrent /v1/stream clients; beyond, 503 with Retry-After (default ${DEFAULT-VALUE}).")
    int streamMaxClients;

    @Option(
            names = "--stream-queue-events",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_STREAM_QUEUE_EVENTS:-10000}",
            description = "Events queued per /v1/stream client; a client that falls this far behind is dropped"
                    + " (default ${DEFAULT-VALUE}).")
    int streamQueueEvents;

    /** The push API's limits from these flags, the rest at their defaults. */
    StreamLimits streamLimits() {
        return StreamLimits.DEFAULTS.withMaxClients(streamMaxClients).withQueueEvents(streamQueueEvents);
    }

    int portOr(int dflt) {
        if (metricsPort != null) return metricsPort;
        return port == null ? dflt : port;
    }
}
