package dev.ticktape.adapters.polygon;

import java.util.Locale;

/**
 * Polygon ticker spellings. Tickers are upper case on the wire and on the platform ({@code AAPL}, {@code BRK.B});
 * subscription parameters are {@code <channel>.<ticker>}, split at the first dot only.
 */
public final class PolygonSymbols {
    private PolygonSymbols() {}

    /** {@code aapl} -> {@code AAPL}. */
    public static String toInstrument(String ticker) {
        return ticker.trim().toUpperCase(Locale.ROOT);
    }

    /** {@code ("AM", "BRK.B")} -> {@code AM.BRK.B}. */
    public static String param(String channel, String symbol) {
        return channel + "." + symbol;
    }
}
