package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.topology.TopologyConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Bar topology flags. */
public final class TopologyOptions {
    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = "${env:TICKTAPE_APPLICATION_ID:-ticktape-streams}",
            description = "Kafka Streams application id (default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--grace-ms",
            paramLabel = "MS",
            defaultValue = "${env:TICKTAPE_GRACE_MS:-250}",
            description =
                    "How long a 1s bar waits for out-of-order trades after its second ends (default ${DEFAULT-VALUE}).")
    long graceMs;

    @Option(
            names = "--minute-grace-ms",
            paramLabel = "MS",
            defaultValue = "${env:TICKTAPE_MINUTE_GRACE_MS:-2000}",
            description = "How long a 1m bar waits for producers' late 1s bars (default ${DEFAULT-VALUE}).")
    long minuteGraceMs;

    @Option(
            names = "--allowed-lateness",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_ALLOWED_LATENESS:-15m}",
            converter = DurationConverter.class,
            description = "How long after its end a bar can still be revised by a late trade (revision + 1); older "
                    + "trades go to md.late (default ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    @Option(
            names = "--producer-idle",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_PRODUCER_IDLE:-5s}",
            converter = DurationConverter.class,
            description = "A producer whose clock ticks stop advancing for this long no longer holds bars open "
                    + "(default ${DEFAULT-VALUE}).")
    Duration producerIdle;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_STREAM_THREADS:-1}",
            description = "Kafka Streams threads (default ${DEFAULT-VALUE}).")
    int threads;

    /** The topology part: these bar settings, and the analytics {@code analytics} asks for (all of it in a demo). */
    PlatformSpec.StreamsSpec spec(AnalyticsOptions analytics, boolean demo) {
        return new PlatformSpec.StreamsSpec(config(), threads)
                .withAnalytics(analytics.spec(allowedLateness, demo, applicationId));
    }

    TopologyConfig config() {
        TopologyConfig d = TopologyConfig.defaults();
        return new TopologyConfig(
                applicationId,
                Duration.ofMillis(graceMs),
                Duration.ofMillis(minuteGraceMs),
                d.punctuateInterval(),
                d.maxFutureSkew(),
                allowedLateness,
                producerIdle);
    }
}
