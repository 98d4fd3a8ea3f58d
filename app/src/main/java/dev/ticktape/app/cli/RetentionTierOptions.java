package dev.ticktape.app.cli;

import dev.ticktape.persistence.retention.RetentionPolicy;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long each tier is kept: what both the scheduled retention and the one-shot command apply. */
public final class RetentionTierOptions {
    @Option(
            names = "--retention-1s",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_RETENTION_1S:-7d}",
            converter = DurationConverter.class,
            description = "Keep 1s bars this long (default ${DEFAULT-VALUE}).")
    Duration bars1s;

    @Option(
            names = "--retention-1m",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_RETENTION_1M:-30d}",
            converter = DurationConverter.class,
            description =
                    "Keep 1m bars this long; older ones are rolled up into ohlc_5m first (default ${DEFAULT-VALUE}).")
    Duration bars1m;

    @Option(
            names = "--retention-greeks",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_RETENTION_GREEKS:-30d}",
            converter = DurationConverter.class,
            description = "Keep Greeks snapshots this long (default ${DEFAULT-VALUE}).")
    Duration greeks;

    @Option(
            names = "--retention-include-replays",
            defaultValue = "${env:TICKTAPE_RETENTION_INCLUDE_REPLAYS:-false}",
            description =
                    "Age out replayed bars (source_file not live:*) too; by default retention deletes and "
                            + "rolls up live bars only and keeps history loaded with --tail/--stdin (default ${DEFAULT-VALUE}).")
    boolean includeReplays;

    RetentionPolicy policy() {
        return new RetentionPolicy(bars1s, bars1m, greeks, includeReplays);
    }
}
