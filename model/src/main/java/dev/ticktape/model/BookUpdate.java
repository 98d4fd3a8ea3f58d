package dev.ticktape.model;

import java.util.List;

/**
 * An order-book snapshot or delta. Levels are {@code [price, qty]}; in a delta, qty 0 removes the level.
 * {@code firstSeq}/{@code lastSeq} are the venue's update ids covered by this message.
 */
public record BookUpdate(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        Kind kind,
        List<Level> bids,
        List<Level> asks,
        long firstSeq,
        long lastSeq)
        implements MarketEvent {
    public static final String TYPE = "book";

    public enum Kind {
        SNAPSHOT,
        DELTA
    }

    /** One price level. */
    public record Level(double price, double qty) {
        public Level {
            Checks.nonNegative("price", price);
            Checks.nonNegative("qty", qty);
        }
    }

    public BookUpdate {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (kind == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'kind'");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
        if (lastSeq < firstSeq) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "seq last < first");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
