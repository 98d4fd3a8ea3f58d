package dev.ticktape.adapters.polygon;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Polygon ticker spellings. Tickers are upper case on the wire and on the platform ({@code AAPL}, {@code BRK.B});
 * subscription parameters are {@code <channel>.<ticker>}, split at the first dot only.
 */
public final class PolygonSymbols {
    /** A US stock ticker with an optional share-class suffix after one dot ({@code BRK.B}). */
    private static final Pattern TICKER = Pattern.compile("[A-Za-z]{1,6}(\\.[A-Za-z]{1,3})?");

    private PolygonSymbols() {}

    /**
     * Why the Polygon stocks feed would refuse {@code symbol}, or empty when it has the shape of a US ticker
     * ({@code AAPL}, {@code BRK.B}, any case). Options ({@code O:...}) live on another cluster this adapter does not
     * connect to, and a channel prefix ({@code T.AAPL}) is added by the adapter itself.
     */
    public static Optional<String> problem(String symbol) {
        if (symbol == null || symbol.isBlank()) return Optional.of("empty symbol");
        String s = symbol.trim();
        if (s.regionMatches(true, 0, "O:", 0, 2)) {
            return Optional.of("an option; this adapter streams the stocks cluster only (e.g. AAPL)");
        }
        if (s.indexOf('*') >= 0) return Optional.of("a wildcard; name each ticker (e.g. AAPL)");
        if (!TICKER.matcher(s).matches()) {
            return Optional.of("not a US stock ticker: 1 to 6 letters, optionally .CLASS (e.g. AAPL, BRK.B)");
        }
        return Optional.empty();
    }

    /** {@code aapl} -> {@code AAPL}. */
    public static String toInstrument(String ticker) {
        return ticker.trim().toUpperCase(Locale.ROOT);
    }

    /** {@code ("AM", "BRK.B")} -> {@code AM.BRK.B}. */
    public static String param(String channel, String symbol) {
        return channel + "." + symbol;
    }
}
