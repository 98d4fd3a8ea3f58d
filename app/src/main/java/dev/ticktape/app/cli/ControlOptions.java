package dev.ticktape.app.cli;

import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.app.wiring.PlatformSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Stale-feed alerting and the control API's token (from the environment only: it is a secret). */
public final class ControlOptions {
    @Option(names = "--no-alerts", description = "Do not watch adapter feeds for staleness in this process.")
    boolean noAlerts;

    @Option(
            names = "--stale-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_STALE_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description =
                    "A feed with no data for this long (while its market is open) is stale (default ${DEFAULT-VALUE}).")
    Duration staleTimeout;

    PlatformSpec.ControlSpec spec(
            List<AdapterKind> kinds, Map<String, List<String>> autostart, boolean alertsByDefault) {
        return new PlatformSpec.ControlSpec(
                kinds,
                autostart,
                alertsByDefault && !noAlerts,
                staleTimeout,
                Map.of(),
                System.getenv("TICKTAPE_API_TOKEN"));
    }
}
