package dev.ticktape.model;

/**
 * One rolling summary of an instrument's 1s closes over {@code [tsMs - windowMs, tsMs)}: the summariser emits one per
 * window length for every final 1s bar, with {@code tsMs} the end of that bar. The exact definition of every field
 * (population statistics, regression on seconds from the window start, the volatility annualisation) is in
 * {@code docs/analytics.md}; the nullable fields are null where they are undefined (fewer than two bars, zero spread,
 * zero volume).
 *
 * <p>The key of a summary row is {@code (venue, symbol, windowMs, tsMs)}. {@code revision} is the sum of the
 * revisions of the bars in the window, so it rises when a late trade revises one of them; a consumer keeps the row
 * with the highest revision (equal revisions: the later record).
 *
 * @param tsMs        window end (exclusive), epoch ms, second aligned
 * @param recvMs      when the summariser computed it
 * @param windowMs    window length
 * @param bars        1s bars present in the window
 * @param expected    bars the window would hold if every second traded ({@code windowMs / 1000})
 * @param firstClose  close of the earliest bar in the window
 * @param lastClose   close of the latest bar (the bar that ends the window)
 * @param logReturn   {@code ln(lastClose / firstClose)}
 * @param meanClose   arithmetic mean of the closes
 * @param stdevClose  population standard deviation of the closes
 * @param minClose    smallest close
 * @param maxClose    largest close
 * @param slope       least-squares slope of close against seconds, price units per second; null below two bars
 * @param slopeNorm   {@code slope / meanClose}: fractional change per second; null below two bars
 * @param zscore      {@code (lastClose - meanClose) / stdevClose}; null when the closes do not vary
 * @param realizedVol annualised realised volatility of the log returns between consecutive bars in the window;
 *                    null below two bars
 * @param volume      summed volume
 * @param vwap        volume-weighted price (each bar weighs its vwap, or its close when it has none); null at zero
 *                    volume
 * @param revision    sum of the window's bar revisions
 */
public record Summary(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        long windowMs,
        int bars,
        int expected,
        double firstClose,
        double lastClose,
        double logReturn,
        double meanClose,
        double stdevClose,
        double minClose,
        double maxClose,
        Double slope,
        Double slopeNorm,
        Double zscore,
        Double realizedVol,
        double volume,
        Double vwap,
        int revision)
        implements MarketEvent {
    public static final String TYPE = "summary";

    public Summary {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (windowMs < 1000 || windowMs % 1000 != 0) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, "window_ms must be a positive whole number of seconds: " + windowMs);
        }
        if (bars < 1 || bars > expected) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, "bars must be in [1, expected]: " + bars + " of " + expected);
        }
        if (revision < 0) throw new InvalidEventException(RejectReason.NEGATIVE, "revision is negative: " + revision);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code bars / expected}: the share of the window's seconds that had a bar. */
    public double coverage() {
        return (double) bars / expected;
    }

    public InstrumentId instrument() {
        return new InstrumentId(venue, symbol);
    }
}
