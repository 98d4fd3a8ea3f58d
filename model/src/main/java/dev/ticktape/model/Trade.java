package dev.ticktape.model;

/**
 * One trade print. {@code side} (aggressor) and {@code tradeId} are optional (null when the venue does not
 * give them); trades with the same non-null {@code tradeId} on the same instrument are the same trade.
 * {@code source} is provenance (connection or file label), carried into bars as {@code source_file}.
 */
public record Trade(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        double price,
        double qty,
        Side side,
        String tradeId,
        String source)
        implements MarketEvent {
    public static final String TYPE = "trade";

    public Trade {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        Checks.positive("price", price);
        Checks.nonNegative("qty", qty);
    }

    public Trade(String venue, String symbol, long tsMs, long recvMs, double price, double qty) {
        this(venue, symbol, tsMs, recvMs, price, qty, null, null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public Trade withVenueAndReceipt(String venue, long recvMs, String source) {
        return new Trade(venue, symbol, tsMs, recvMs, price, qty, side, tradeId, source);
    }
}
