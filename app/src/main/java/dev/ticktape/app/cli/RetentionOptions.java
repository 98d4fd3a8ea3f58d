package dev.ticktape.app.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The retention tiers and how often a long-running process applies them. */
public final class RetentionOptions {
    @Mixin
    RetentionTierOptions tiers;

    @Option(
            names = "--retention-every",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_RETENTION_EVERY:-1h}",
            converter = DurationConverter.class,
            description =
                    "How often retention runs in a long-running process; 0s disables it (default ${DEFAULT-VALUE}).")
    Duration every;
}
