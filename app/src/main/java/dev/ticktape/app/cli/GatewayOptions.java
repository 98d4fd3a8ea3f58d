package dev.ticktape.app.cli;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.wiring.PlatformSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** NDJSON gateway flags (the published stream-daemon contract's names). */
public final class GatewayOptions {
    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "${env:TICKTAPE_HOST:-127.0.0.1}",
            description = "NDJSON TCP bind address; --host 0.0.0.0 exposes it deliberately (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:TICKTAPE_PORT:-9009}",
            description = "NDJSON TCP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--tail",
            paramLabel = "FILE",
            description = "Also read NDJSON lines from FILE (repeatable); finite unless --tail-follow.")
    List<Path> tail = new ArrayList<>();

    @Option(names = "--tail-follow", description = "Keep following --tail files for appended lines (like tail -F).")
    boolean follow;

    @Option(names = "--stdin", description = "Also read NDJSON lines from standard input.")
    boolean stdin;

    @Option(
            names = "--exit-at-end",
            description = "When every --tail file (without --tail-follow) and --stdin has ended: close and store "
                    + "every open bar, print the replay summary and exit (0 when everything was stored). Without it "
                    + "the process stays up after a replay.")
    boolean exitAtEnd;

    @Option(
            names = "--venue",
            paramLabel = "VENUE",
            defaultValue = "${env:TICKTAPE_VENUE:-ndjson}",
            description = "Venue label for lines that do not carry one (default ${DEFAULT-VALUE}).")
    String venue;

    @Option(
            names = "--max-line-bytes",
            paramLabel = "BYTES",
            defaultValue = "${env:TICKTAPE_MAX_LINE_BYTES:-65536}",
            description = "Longest accepted line; longer ones go to md.dlq (default ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(
            names = "--max-future-skew-ms",
            paramLabel = "MS",
            defaultValue = "${env:TICKTAPE_MAX_FUTURE_SKEW_MS:-60000}",
            description = "Reject ts_ms further than this ahead of the clock (default ${DEFAULT-VALUE}).")
    long maxFutureSkewMs;

    GatewayConfig config() {
        GatewayConfig d = GatewayConfig.defaults();
        return new GatewayConfig(
                host,
                port,
                venue,
                maxLineBytes,
                Duration.ofMillis(maxFutureSkewMs),
                d.inflight(),
                d.receiveBufferBytes());
    }

    PlatformSpec.Inputs inputs() {
        return new PlatformSpec.Inputs(tail, follow, stdin, exitAtEnd);
    }
}
