package dev.ticktape.model;

/** An account execution (fill) reported by a broker; {@code venue} is the broker. */
public record Execution(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        String account,
        String orderId,
        String execId,
        Side side,
        double price,
        double qty,
        OptionContract contract)
        implements MarketEvent {
    public static final String TYPE = "execution";

    public Execution {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (execId == null || execId.isEmpty()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'exec_id'");
        }
        if (side == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'side'");
        Checks.positive("price", price);
        Checks.nonNegative("qty", qty);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
