package dev.ticktape.adapters.tastytrade;

/**
 * The DXLink events the Greeks join uses, read from {@link DxRecord}s by {@link TastytradeParser#toEvent}.
 * Numbers are null when missing, not a number, NaN or infinite; units as DXLink sends them.
 */
sealed interface DxEvent {
    String symbol();

    /** {@code timeMs}: the calculation time, else the event time, else 0. */
    record Greeks(
            String symbol,
            long timeMs,
            Double price,
            Double volatility,
            Double delta,
            Double gamma,
            Double theta,
            Double rho,
            Double vega)
            implements DxEvent {}

    record Quote(String symbol, Double bidPrice, Double askPrice) implements DxEvent {}

    record Trade(String symbol, Double price) implements DxEvent {}
}
