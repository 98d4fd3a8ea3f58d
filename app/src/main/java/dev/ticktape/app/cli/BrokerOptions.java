package dev.ticktape.app.cli;

import picocli.CommandLine.Option;

/** The embedded broker's listener. */
public final class BrokerOptions {
    @Option(
            names = "--kafka-host",
            paramLabel = "HOST",
            defaultValue = "${env:TICKTAPE_KAFKA_HOST:-127.0.0.1}",
            description = "Embedded broker bind/advertised address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "${env:TICKTAPE_KAFKA_PORT:-9092}",
            description = "Embedded broker client port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;
}
