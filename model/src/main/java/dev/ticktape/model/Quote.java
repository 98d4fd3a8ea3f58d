package dev.ticktape.model;

/** Top of book. */
public record Quote(
        String venue, String symbol, long tsMs, long recvMs, double bid, double bidQty, double ask, double askQty)
        implements MarketEvent {
    public static final String TYPE = "quote";

    public Quote {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        Checks.nonNegative("bid", bid);
        Checks.nonNegative("bid_qty", bidQty);
        Checks.nonNegative("ask", ask);
        Checks.nonNegative("ask_qty", askQty);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
