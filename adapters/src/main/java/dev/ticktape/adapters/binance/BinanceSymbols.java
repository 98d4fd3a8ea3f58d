package dev.ticktape.adapters.binance;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binance symbol spellings: stream names use lower case ({@code btcusdt@trade}), payloads and REST use upper
 * case ({@code BTCUSDT}), which is also the normalized platform symbol.
 */
public final class BinanceSymbols {
    /** Spot symbols are base + quote asset codes, letters and digits only ({@code 1000SATSUSDT} is 12). */
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9]{2,20}");

    private BinanceSymbols() {}

    /**
     * Why Binance would refuse to stream {@code symbol}, or empty when it has the shape of a Spot symbol
     * ({@code BTCUSDT}, any case). A stream name ({@code btcusdt@trade}) or a pair with a slash is refused here, before
     * it reaches a SUBSCRIBE request the venue would answer with an error.
     */
    public static Optional<String> problem(String symbol) {
        if (symbol == null || symbol.isBlank()) return Optional.of("empty symbol");
        String s = symbol.trim();
        if (s.indexOf('@') >= 0) return Optional.of("a stream name; give the symbol only (e.g. BTCUSDT)");
        if (s.indexOf('/') >= 0) return Optional.of("a pair with '/'; Binance writes it without one (e.g. BTCUSDT)");
        if (!SYMBOL.matcher(s).matches()) {
            return Optional.of("not a Binance symbol: 2 to 20 letters and digits (e.g. BTCUSDT)");
        }
        return Optional.empty();
    }

    /** {@code btcusdt} or {@code BTCUSDT} -> {@code BTCUSDT}. */
    public static String toInstrument(String venueSymbol) {
        return venueSymbol.trim().toUpperCase(Locale.ROOT);
    }

    /** {@code BTCUSDT} -> {@code btcusdt}, as used in stream names. */
    public static String toStreamSymbol(String symbol) {
        return symbol.trim().toLowerCase(Locale.ROOT);
    }

    /** The symbol part of a stream name: {@code btcusdt@depth@100ms} -> {@code BTCUSDT}. */
    public static String fromStream(String stream) {
        int at = stream.indexOf('@');
        return toInstrument(at < 0 ? stream : stream.substring(0, at));
    }
}
