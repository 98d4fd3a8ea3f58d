package dev.ticktape.app.cli;

import dev.ticktape.persistence.retention.RetentionPolicy;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The intraday retention policy. */
public final class RetentionOptions {
    @Option(
            names = "--retention-1s",
            defaultValue = "${env:TICKTAPE_RETENTION_1S:-7d}",
            converter = DurationConverter.class,
            description = "Keep 1s bars this long (default ${DEFAULT-VALUE}).")
    Duration bars1s;

    @Option(
            names = "--retention-1m",
            defaultValue = "${env:TICKTAPE_RETENTION_1M:-30d}",
            converter = DurationConverter.class,
            description =
                    "Keep 1m bars this long; older ones are rolled up into ohlc_5m first (default ${DEFAULT-VALUE}).")
    Duration bars1m;

    @Option(
            names = "--retention-greeks",
            defaultValue = "${env:TICKTAPE_RETENTION_GREEKS:-30d}",
            converter = DurationConverter.class,
            description = "Keep Greeks snapshots this long (default ${DEFAULT-VALUE}).")
    Duration greeks;

    @Option(
            names = "--retention-every",
            defaultValue = "${env:TICKTAPE_RETENTION_EVERY:-1h}",
            converter = DurationConverter.class,
            description =
                    "How often retention runs in a long-running process; 0s disables it (default ${DEFAULT-VALUE}).")
    Duration every;

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
