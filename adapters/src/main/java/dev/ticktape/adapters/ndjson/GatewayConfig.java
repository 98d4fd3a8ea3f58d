package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.InflightLimits;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.codec.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the NDJSON gateway.
 *
 * @param host               interface to bind; 127.0.0.1 unless exposure is deliberate
 * @param port               TCP port; 0 picks an ephemeral one (see {@link NdjsonTcpServer#port()})
 * @param defaultVenue       venue label for lines that do not name one
 * @param maxLineBytes       longest accepted line, in bytes, excluding the line terminator
 * @param maxFutureSkew      how far {@code ts_ms} may lie ahead of the gateway's clock
 * @param inflight           watermarks of published-but-unacknowledged records that pause and resume intake
 * @param receiveBufferBytes socket receive buffer per connection; 0 leaves the OS default (which may autotune to
 *                           many MiB, delaying when backpressure reaches producers)
 */
public record GatewayConfig(
        String host,
        int port,
        String defaultVenue,
        int maxLineBytes,
        Duration maxFutureSkew,
        InflightLimits inflight,
        int receiveBufferBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9009;
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofSeconds(60);
    /** How much of an oversized line the dead letter keeps. */
    public static final int DEAD_LETTER_HEAD_BYTES = 1024;

    public GatewayConfig {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) problems.add("host must not be blank");
        if (port < 0 || port > 65_535) problems.add("port must be 0..65535, got " + port);
        if (!isValidVenue(defaultVenue))
            problems.add("default venue must be a lower-case label, got '" + defaultVenue + "'");
        if (maxLineBytes < 64) problems.add("max line bytes must be >= 64, got " + maxLineBytes);
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) problems.add("max future skew must be >= 0");
        if (inflight == null) problems.add("inflight limits are required");
        if (receiveBufferBytes < 0) problems.add("receive buffer bytes must be >= 0, got " + receiveBufferBytes);
        if (!problems.isEmpty())
            throw new IllegalArgumentException("invalid gateway config: " + String.join("; ", problems));
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                EventCodec.DEFAULT_VENUE,
                DEFAULT_MAX_LINE_BYTES,
                DEFAULT_MAX_FUTURE_SKEW,
                InflightLimits.DEFAULT,
                0);
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(
                host, newPort, defaultVenue, maxLineBytes, maxFutureSkew, inflight, receiveBufferBytes);
    }

    public GatewayConfig withMaxLineBytes(int bytes) {
        return new GatewayConfig(host, port, defaultVenue, bytes, maxFutureSkew, inflight, receiveBufferBytes);
    }

    public GatewayConfig withInflight(InflightLimits limits) {
        return new GatewayConfig(host, port, defaultVenue, maxLineBytes, maxFutureSkew, limits, receiveBufferBytes);
    }

    public GatewayConfig withReceiveBufferBytes(int bytes) {
        return new GatewayConfig(host, port, defaultVenue, maxLineBytes, maxFutureSkew, inflight, bytes);
    }

    private static boolean isValidVenue(String venue) {
        if (venue == null) return false;
        try {
            new InstrumentId(venue, "X"); // the model owns the venue rule; reuse it rather than copy the pattern
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }
}
