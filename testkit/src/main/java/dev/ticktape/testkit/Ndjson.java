package dev.ticktape.testkit;

import java.util.Locale;

/**
 * Lines of the published stream contract that the gateway accepts, one JSON object each: {@code trade} and
 * {@code ohlc1s}. Without a venue the gateway files them under {@code ndjson}; the {@code venue} variants set one.
 */
public final class Ndjson {
    private Ndjson() {}

    /** A trade of {@code qty} at {@code price}, at {@code tsMs} (epoch milliseconds). */
    public static String trade(String symbol, long tsMs, double price, double qty) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"trade\",\"symbol\":\"%s\",\"ts_ms\":%d,\"price\":%s,\"qty\":%s}",
                symbol,
                tsMs,
                Double.toString(price),
                Double.toString(qty));
    }

    /** As {@link #trade(String, long, double, double)}, under {@code venue}. */
    public static String trade(String venue, String symbol, long tsMs, double price, double qty) {
        return withVenue(venue, trade(symbol, tsMs, price, qty));
    }

    /**
     * A producer's own 1s bar, stored as given. {@code secondMs} must be second-aligned and
     * {@code low <= open, close <= high}.
     */
    public static String ohlc1s(
            String symbol,
            long secondMs,
            double open,
            double high,
            double low,
            double close,
            double volume,
            int trades) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"ohlc1s\",\"symbol\":\"%s\",\"ts_ms\":%d,\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,"
                        + "\"volume\":%s,\"trades\":%d}",
                symbol,
                secondMs,
                Double.toString(open),
                Double.toString(high),
                Double.toString(low),
                Double.toString(close),
                Double.toString(volume),
                trades);
    }

    private static String withVenue(String venue, String line) {
        return "{\"venue\":\"" + venue + "\"," + line.substring(1);
    }
}
