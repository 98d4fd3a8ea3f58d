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
 * @param allowedLateness   how long after it was emitted a bar can still be revised by a late trade (measured in
 *                          event time, from the bar's end to the newest trade of its task); older trades go to
 *                          {@code md.late}
 * @param producerIdle      a producer whose clock has not advanced for this long (wall clock) stops holding bars
 *                          open: it was killed, lost, or is a paused replay
 */
public record TopologyConfig(
        String applicationId,
        Duration grace,
        Duration minuteGrace,
        Duration punctuateInterval,
        Duration maxFutureSkew,
        Duration allowedLateness,
        Duration producerIdle) {
    public static final String DEFAULT_APPLICATION_ID = "ticktape-streams";
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(15);
    public static final Duration DEFAULT_PRODUCER_IDLE = Duration.ofSeconds(5);

    /** With the default allowed lateness and producer idle time. */
    public TopologyConfig(
            String applicationId,
            Duration grace,
            Duration minuteGrace,
            Duration punctuateInterval,
            Duration maxFutureSkew) {
        this(
                applicationId,
                grace,
                minuteGrace,
                punctuateInterval,
                maxFutureSkew,
                DEFAULT_ALLOWED_LATENESS,
                DEFAULT_PRODUCER_IDLE);
    }

    public TopologyConfig {
        requireNonNegative("allowedLateness", allowedLateness);
        if (producerIdle == null || producerIdle.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("producerIdle must be at least 1 ms, got " + producerIdle);
        }
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

    /**
     * applicationId {@code ticktape-streams}, grace 250 ms, minute grace 2 s, punctuation 100 ms, skew 60 s,
     * allowed lateness 15 min, producer idle 5 s.
     */
    public static TopologyConfig defaults() {
        return new TopologyConfig(
                DEFAULT_APPLICATION_ID,
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                Duration.ofSeconds(60));
    }

    public TopologyConfig withApplicationId(String id) {
        return new TopologyConfig(
                id, grace, minuteGrace, punctuateInterval, maxFutureSkew, allowedLateness, producerIdle);
    }

    public TopologyConfig withGrace(Duration g) {
        return new TopologyConfig(
                applicationId, g, minuteGrace, punctuateInterval, maxFutureSkew, allowedLateness, producerIdle);
    }

    public TopologyConfig withMinuteGrace(Duration g) {
        return new TopologyConfig(
                applicationId, grace, g, punctuateInterval, maxFutureSkew, allowedLateness, producerIdle);
    }

    public TopologyConfig withAllowedLateness(Duration d) {
        return new TopologyConfig(applicationId, grace, minuteGrace, punctuateInterval, maxFutureSkew, d, producerIdle);
    }

    public TopologyConfig withProducerIdle(Duration d) {
        return new TopologyConfig(
                applicationId, grace, minuteGrace, punctuateInterval, maxFutureSkew, allowedLateness, d);
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration, got " + d);
        }
    }
}
