package dev.ticktape.model;

import java.util.Map;

/**
 * Adapter health, published on every transition and as a heartbeat. {@code symbol} names the adapter instance
 * (e.g. {@code GATEWAY} or a connection id) so the record key stays {@code venue:symbol}.
 */
public record Status(
        String venue, String symbol, long tsMs, long recvMs, State state, String detail, Map<String, Long> counters)
        implements MarketEvent {
    public static final String TYPE = "status";

    public enum State {
        CONNECTED,
        DEGRADED,
        DISCONNECTED
    }

    public Status {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (state == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'state'");
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
