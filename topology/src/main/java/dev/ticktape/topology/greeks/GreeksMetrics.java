package dev.ticktape.topology.greeks;

import dev.ticktape.model.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the Greeks topology; every snapshot read from {@code md.greeks} ends in exactly one of them
 * (a conflated snapshot is counted when a newer one replaces it before it was forwarded).
 * <ul>
 *   <li>{@code ticktape.greeks.forwarded}: snapshots forwarded to {@code md.greeks.accepted}</li>
 *   <li>{@code ticktape.greeks.duplicate}: identical repeats of the stored snapshot (same {@code ts_ms} and
 *       measures)</li>
 *   <li>{@code ticktape.greeks.out_of_order}: snapshots older than the stored one</li>
 *   <li>{@code ticktape.greeks.conflated}: accepted snapshots superseded while held back by conflation</li>
 *   <li>{@code ticktape.topology.rejected{reason}}: records sent to {@code md.dlq} (shared with the bars)</li>
 * </ul>
 * Thread-safe: shared by all stream threads of one client.
 */
public final class GreeksMetrics {
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter forwarded;
    private final Counter duplicate;
    private final Counter outOfOrder;
    private final Counter conflated;

    public GreeksMetrics(MeterRegistry registry) {
        for (RejectReason r : RejectReason.values()) {
            // Same name and tags as the bar topology's counter: Micrometer hands back the one meter.
            rejected.put(
                    r,
                    Counter.builder("ticktape.topology.rejected")
                            .tag("reason", r.code())
                            .description("Records the topology sent to the dead-letter topic")
                            .register(registry));
        }
        forwarded = Counter.builder("ticktape.greeks.forwarded")
                .description("Greeks snapshots forwarded for persistence")
                .register(registry);
        duplicate = Counter.builder("ticktape.greeks.duplicate")
                .description("Greeks snapshots identical to the stored one")
                .register(registry);
        outOfOrder = Counter.builder("ticktape.greeks.out_of_order")
                .description("Greeks snapshots older than the stored one")
                .register(registry);
        conflated = Counter.builder("ticktape.greeks.conflated")
                .description("Greeks snapshots replaced by a newer one before the conflation interval passed")
                .register(registry);
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void forwarded() {
        forwarded.increment();
    }

    void duplicate() {
        duplicate.increment();
    }

    void outOfOrder() {
        outOfOrder.increment();
    }

    void conflated() {
        conflated.increment();
    }
}
