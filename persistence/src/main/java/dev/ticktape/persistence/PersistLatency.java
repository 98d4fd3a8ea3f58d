package dev.ticktape.persistence;

/**
 * Distribution of {@code persisted_at - received_at} over stored rows: how long an event took from the adapter
 * to a committed row. Percentiles are interpolated ({@code percentile_cont}); all zero when {@code rows} is 0.
 */
public record PersistLatency(long rows, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    public static final PersistLatency EMPTY = new PersistLatency(0, 0, 0, 0, 0);
}
