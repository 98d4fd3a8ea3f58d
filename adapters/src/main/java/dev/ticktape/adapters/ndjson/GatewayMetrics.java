package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.model.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of the NDJSON gateway:
 * <ul>
 *   <li>{@code ticktape.gateway.lines.accepted{connection,type}}, {@code ticktape.gateway.lines.rejected{connection,reason}},
 *       {@code ticktape.gateway.lines.blank}</li>
 *   <li>{@code ticktape.gateway.publish.failures}, {@code ticktape.gateway.pauses}</li>
 *   <li>gauges {@code ticktape.gateway.inflight.records}, {@code ticktape.gateway.inflight.bytes},
 *       {@code ticktape.gateway.connections}, {@code ticktape.gateway.paused} (1 while reads are paused)</li>
 * </ul>
 * Connection labels carry ephemeral ports, so only the first {@code maxConnectionTags} distinct labels get their
 * own series; later ones share {@code <kind>:other} (e.g. {@code tcp:other}) and memory stays bounded.
 */
public final class GatewayMetrics {
    public static final int DEFAULT_MAX_CONNECTION_TAGS = 500;

    private final MeterRegistry registry;
    private final int maxConnectionTags;
    private final Set<String> connectionTags = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter publishFailures;
    private final Counter blankLines;

    public GatewayMetrics(MeterRegistry registry, InflightBudget budget) {
        this(registry, budget, DEFAULT_MAX_CONNECTION_TAGS);
    }

    public GatewayMetrics(MeterRegistry registry, InflightBudget budget, int maxConnectionTags) {
        this.registry = registry;
        this.maxConnectionTags = maxConnectionTags;
        this.publishFailures = Counter.builder("ticktape.gateway.publish.failures")
                .description("Publishes that failed after the line was accepted")
                .register(registry);
        this.blankLines = Counter.builder("ticktape.gateway.lines.blank")
                .description("Empty or whitespace-only lines, ignored")
                .register(registry);
        Gauge.builder("ticktape.gateway.inflight.records", budget, InflightBudget::records)
                .description("Records published and not yet acknowledged")
                .register(registry);
        Gauge.builder("ticktape.gateway.inflight.bytes", budget, InflightBudget::bytes)
                .description("Line bytes published and not yet acknowledged")
                .register(registry);
        Gauge.builder("ticktape.gateway.paused", budget, b -> b.isPaused() ? 1 : 0)
                .description("1 while reads are paused by backpressure")
                .register(registry);
        FunctionCounter.builder("ticktape.gateway.pauses", budget, InflightBudget::pauses)
                .description("Times reads were paused by backpressure")
                .register(registry);
        Gauge.builder("ticktape.gateway.connections", connections, AtomicInteger::get)
                .description("Open TCP connections")
                .register(registry);
    }

    /** Meters for one input; cheap to use per line (counters are resolved once). */
    InputMeters forInput(String label) {
        return new InputMeters(connectionTag(label));
    }

    /** The tag value for a connection label, capped to keep the number of series bounded. */
    String connectionTag(String label) {
        if (connectionTags.contains(label)) return label;
        if (connectionTags.size() < maxConnectionTags) {
            connectionTags.add(label);
            return label;
        }
        int colon = label.indexOf(':');
        return (colon > 0 ? label.substring(0, colon) : label) + ":other";
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    void publishFailed() {
        publishFailures.increment();
    }

    /** Per-input counters. Used from the input's own thread only. */
    final class InputMeters {
        private final String tag;
        private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
        private Counter trades;
        private Counter bars;

        private InputMeters(String tag) {
            this.tag = tag;
        }

        void acceptedTrade() {
            if (trades == null) trades = accepted("trade");
            trades.increment();
        }

        void acceptedBar() {
            if (bars == null) bars = accepted("ohlc1s");
            bars.increment();
        }

        void rejected(RejectReason reason) {
            rejected.computeIfAbsent(
                            reason,
                            r -> Counter.builder("ticktape.gateway.lines.rejected")
                                    .tag("connection", tag)
                                    .tag("reason", r.code())
                                    .description("lines sent to md.dlq instead of being published, by reason")
                                    .register(registry))
                    .increment();
        }

        void blank() {
            blankLines.increment();
        }

        private Counter accepted(String type) {
            return Counter.builder("ticktape.gateway.lines.accepted")
                    .tag("connection", tag)
                    .tag("type", type)
                    .description("lines published to Kafka, by connection and event type")
                    .register(registry);
        }
    }
}
