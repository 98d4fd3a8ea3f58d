package dev.ticktape.adapters.polygon;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.RejectReason;

/**
 * Every element a Polygon stocks WebSocket frame can carry (frames are JSON arrays mixing status and data),
 * decoded but not yet normalized. Times are epoch milliseconds as on the wire.
 */
public sealed interface PolygonWsFrame {

    /** {@code ev=T}. {@code fractionalSize} is the {@code ds} decimal text when present, else null. */
    record Trade(
            String symbol,
            int exchange,
            String tradeId,
            Integer trf,
            double price,
            long size,
            String fractionalSize,
            long timeMs)
            implements PolygonWsFrame {}

    /** {@code ev=Q}: NBBO, sizes in shares (since 2025-11-03). */
    record Quote(String symbol, double bid, long bidSize, double ask, long askSize, long timeMs)
            implements PolygonWsFrame {}

    /** {@code ev=A} (interval S1) or {@code ev=AM} (M1): the window {@code [start, end)}. */
    record Aggregate(
            BarInterval interval,
            String symbol,
            double open,
            double high,
            double low,
            double close,
            double volume,
            Double vwap,
            long start,
            long end)
            implements PolygonWsFrame {}

    /** {@code ev=status}: keyed on {@code status}; {@code message} is for humans only. */
    record Status(String status, String message) implements PolygonWsFrame {}

    /** A well-formed element of an event type the adapter does not use. */
    record Unknown(String ev) implements PolygonWsFrame {}

    /** An element that could not be decoded; {@code raw} is its JSON text for the dead-letter record. */
    record Malformed(RejectReason reason, String detail, String raw) implements PolygonWsFrame {}
}
