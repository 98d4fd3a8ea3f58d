package dev.ticktape.model;

/**
 * An OHLCV bar for {@code [tsMs, tsMs + interval)}; {@code tsMs} is aligned to the interval. {@code trades} is the
 * number of trades aggregated (0 when a producer sent a pre-aggregated bar without a count); {@code vwap} is null
 * when unknown. {@code source} becomes the stored {@code source_file} column.
 *
 * <p>{@code revision} is 0 for a bar's first emission and rises by one each time a late trade (within the allowed
 * lateness) changes the bar after it was emitted. A consumer treats a repeated key ({@code venue, symbol,
 * interval, ts_ms}) as a replacement: the highest revision is the bar.
 */
public record Bar(
        BarInterval interval,
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        double open,
        double high,
        double low,
        double close,
        double volume,
        long trades,
        Double vwap,
        String source,
        int revision)
        implements MarketEvent {

    /** A first emission (revision 0). */
    public Bar(
            BarInterval interval,
            String venue,
            String symbol,
            long tsMs,
            long recvMs,
            double open,
            double high,
            double low,
            double close,
            double volume,
            long trades,
            Double vwap,
            String source) {
        this(interval, venue, symbol, tsMs, recvMs, open, high, low, close, volume, trades, vwap, source, 0);
    }

    public Bar {
        if (revision < 0) throw new InvalidEventException(RejectReason.NEGATIVE, "revision is negative: " + revision);
        if (interval == null) throw new IllegalArgumentException("interval");
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (tsMs % interval.millis() != 0) {
            throw new InvalidEventException(
                    RejectReason.NOT_SECOND_ALIGNED,
                    interval.type() + " ts_ms " + tsMs + " is not aligned to " + interval.label());
        }
        Checks.positive("open", open);
        Checks.positive("high", high);
        Checks.positive("low", low);
        Checks.positive("close", close);
        Checks.nonNegative("volume", volume);
        if (trades < 0) throw new InvalidEventException(RejectReason.NEGATIVE, "trades is negative: " + trades);
        Checks.finiteOrNull("vwap", vwap);
        if (low > high || open < low || open > high || close < low || close > high) {
            throw new InvalidEventException(
                    RejectReason.INCONSISTENT_OHLC,
                    "need low <= open,close <= high; got o=" + open + " h=" + high + " l=" + low + " c=" + close);
        }
    }

    @Override
    public String type() {
        return interval.type();
    }

    public Bar withRevision(int r) {
        return new Bar(interval, venue, symbol, tsMs, recvMs, open, high, low, close, volume, trades, vwap, source, r);
    }

    public InstrumentId instrument() {
        return new InstrumentId(venue, symbol);
    }
}
