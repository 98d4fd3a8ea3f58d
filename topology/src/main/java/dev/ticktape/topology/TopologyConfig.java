package dev.ticktape.topology;

import java.time.Duration;

/**
 * Settings of the bar topology.
 *
 * @param applicationId     Kafka Streams {@code application.id}; prefixes changelog and repartition topics
 * @param grace             how long after a second ends (in watermark time) its 1s bar waits for stragglers
 * @param minuteGrace       the same for 1m bars, measured on the ends of the 1s bars that feed them
 * @param punctuateInterval wall-clock period of the close check that finalises bars of quiet instruments
 * @param maxFutureSkew     trades stamped further than this ahead of the wall clock are rejected, so one bad
 *                          clock cannot push the watermark into the future and make every other trade late
 */
public record TopologyConfig(String applicationId, Duration grace, Duration minuteGrace,
                             Duration punctuateInterval, Duration maxFutureSkew) {
    public static final String DEFAULT_APPLICATION_ID = "ticktape-streams";

    public TopologyConfig {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId must not be blank");
        }
        requireNonNegative("grace", grace);
        requireNonNegative("minuteGrace", minuteGrace);
        requireNonNegative("maxFutureSkew", maxFutureSkew);
        if (punctuateInterval == null || punctuateInterval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("punctuateInterval must be at least 1 ms, got " + punctuateInterval);
        }
    }

    /** applicationId {@code ticktape-streams}, grace 250 ms, minute grace 2 s, punctuation 100 ms, skew 60 s. */
    public static TopologyConfig defaults() {
        return new TopologyConfig(DEFAULT_APPLICATION_ID, Duration.ofMillis(250), Duration.ofSeconds(2),
                Duration.ofMillis(100), Duration.ofSeconds(60));
    }

    public TopologyConfig withApplicationId(String id) {
        return new TopologyConfig(id, grace, minuteGrace, punctuateInterval, maxFutureSkew);
    }

    public TopologyConfig withGrace(Duration g) {
        return new TopologyConfig(applicationId, g, minuteGrace, punctuateInterval, maxFutureSkew);
    }

    public TopologyConfig withMinuteGrace(Duration g) {
        return new TopologyConfig(applicationId, grace, g, punctuateInterval, maxFutureSkew);
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration, got " + d);
        }
    }
}
