package dev.ticktape.app.cli;

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

    int portOr(int dflt) {
        return port == null ? dflt : port;
    }
}
