package dev.ticktape.app.plot;

import java.util.Locale;

/**
 * Which decisions to plot: one venue, one symbol, both or everything. Compared the way the codec normalises them
 * (venue lower case, symbol upper case), so {@code --symbol btcusdt} finds {@code BTCUSDT}.
 *
 * @param venue  the venue, or null for all
 * @param symbol the symbol, or null for all
 */
public record Selection(String venue, String symbol) {
    public static final Selection ALL = new Selection(null, null);

    public Selection {
        venue = blankToNull(venue) == null ? null : venue.trim().toLowerCase(Locale.ROOT);
        symbol = blankToNull(symbol) == null ? null : symbol.trim().toUpperCase(Locale.ROOT);
    }

    public boolean matches(String decisionVenue, String decisionSymbol) {
        return (venue == null || venue.equals(decisionVenue)) && (symbol == null || symbol.equals(decisionSymbol));
    }

    /** For messages: {@code binance:BTCUSDT}, {@code symbol BTCUSDT}, or empty when everything is selected. */
    public String describe() {
        if (venue != null && symbol != null) return venue + ":" + symbol;
        if (venue != null) return "venue " + venue;
        if (symbol != null) return "symbol " + symbol;
        return "";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
