package dev.ticktape.model;

/**
 * An instrument as the platform keys it: a lower-case venue label and the venue-normalized upper-case symbol.
 * {@link #key()} ({@code venue:symbol}) is the Kafka record key of every event about the instrument.
 */
public record InstrumentId(String venue, String symbol) {
    public InstrumentId {
        Checks.venue(venue);
        Checks.symbol(symbol);
    }

    public String key() {
        return key(venue, symbol);
    }

    public static String key(String venue, String symbol) {
        return venue + ':' + symbol;
    }

    /** Parses {@code venue:symbol}; the venue never contains a colon, the symbol may (e.g. option tickers). */
    public static InstrumentId parse(String key) {
        int i = key.indexOf(':');
        if (i <= 0) throw new IllegalArgumentException("instrument key must be venue:symbol, got '" + key + "'");
        return new InstrumentId(key.substring(0, i), key.substring(i + 1));
    }

    @Override
    public String toString() {
        return key();
    }
}
