package dev.ticktape.topology.bars;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Marks 1s bars this topology computed from trades. The minute roll-up receives those bars directly inside the
 * same task (same transaction), so on {@code md.bars.1s} it takes only bars without the mark: producers'
 * pre-aggregated {@code ohlc1s}. Going through the topic instead would make the roll-up wait on the producing
 * transaction, which after a crash stays open until the broker aborts it.
 */
public final class BarOrigin {
    /** Header on topology-computed 1s bars; value: the processor that made them. */
    public static final String HEADER = "ticktape.origin";

    static final byte[] TRADES = "bars-1s".getBytes(StandardCharsets.US_ASCII);

    private BarOrigin() {}

    static Headers fromTrades() {
        RecordHeaders h = new RecordHeaders();
        h.add(HEADER, TRADES);
        return h;
    }

    /** True for a record this (or any ticktape) topology computed from trades. */
    public static boolean computed(Headers headers) {
        return headers.lastHeader(HEADER) != null;
    }
}
