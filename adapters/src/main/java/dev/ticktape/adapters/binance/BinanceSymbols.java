package dev.ticktape.adapters.binance;

import java.util.Locale;

/**
 * Binance symbol spellings: stream names use lower case ({@code btcusdt@trade}), payloads and REST use upper
 * case ({@code BTCUSDT}), which is also the normalized platform symbol.
 */
public final class BinanceSymbols {
    private BinanceSymbols() {}

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
