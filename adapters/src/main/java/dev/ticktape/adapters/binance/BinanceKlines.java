package dev.ticktape.adapters.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The venue's own bars over REST, {@code GET /api/v3/klines} (weight 2, at most 1000 per request), as platform
 * {@link Bar}s carrying the venue's trade count: what reconciliation compares the platform's bars with. Paced by
 * {@code X-MBX-USED-WEIGHT-1M} and {@code Retry-After} on 429/418 ({@link BinanceRest}). Blocking: call from a
 * dedicated thread.
 *
 * <p>A REST kline row is positional: open time, open, high, low, close, base volume, close time, quote volume,
 * number of trades, taker buy base and quote volume, unused. Unlike the {@code kline} stream ({@code f}/{@code L}),
 * it carries no first or last trade id. The VWAP is quote volume over base volume (null for an empty kline).
 */
public final class BinanceKlines {
    /** The venue's cap on klines per request. */
    static final int MAX_LIMIT = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SOURCE = "rest:" + BinanceParser.VENUE;
    private final BinanceRest rest;

    /**
     * @param restBaseUrl         e.g. {@link BinanceConfig#PROD_REST} or a fake venue's REST URL
     * @param restWeightPerMinute the IP's weight budget; requests pause near it
     */
    public BinanceKlines(String restBaseUrl, int restWeightPerMinute) {
        String base = restBaseUrl.endsWith("/") ? restBaseUrl.substring(0, restBaseUrl.length() - 1) : restBaseUrl;
        this.rest = new BinanceRest(base, restWeightPerMinute);
    }

    /** Klines of {@code symbol} ({@code 1s} or {@code 1m}) opening in {@code [fromMs, toMs)}, oldest first. */
    public List<Bar> klines(String symbol, BarInterval interval, long fromMs, long toMs)
            throws IOException, InterruptedException {
        String venueSymbol = BinanceSymbols.toInstrument(symbol);
        List<Bar> out = new ArrayList<>();
        long start = fromMs;
        while (start < toMs) {
            long wanted = Math.min(MAX_LIMIT, Math.max(1, (toMs - start + interval.millis() - 1) / interval.millis()));
            byte[] body = rest.get(
                    "/api/v3/klines",
                    Map.of(
                            "symbol", venueSymbol,
                            "interval", interval.label(),
                            "startTime", Long.toString(start),
                            "endTime", Long.toString(toMs - 1),
                            "limit", Long.toString(wanted)));
            List<Bar> page = decode(venueSymbol, interval, body, System.currentTimeMillis());
            for (Bar b : page) if (b.tsMs() >= fromMs && b.tsMs() < toMs) out.add(b);
            if (page.size() < wanted) break;
            start = page.get(page.size() - 1).tsMs() + interval.millis();
        }
        return out;
    }

    /** One {@code /api/v3/klines} body as bars of {@code interval}. */
    static List<Bar> decode(String symbol, BarInterval interval, byte[] body, long recvMs) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "invalid JSON: " + e.getMessage());
        }
        if (root == null || !root.isArray())
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "klines body must be an array");
        List<Bar> out = new ArrayList<>(root.size());
        for (JsonNode k : root) {
            if (!k.isArray() || k.size() < 9)
                throw new InvalidEventException(RejectReason.WRONG_TYPE, "kline must be an array of at least 9");
            long open = integer(k, 0, "open time");
            long close = integer(k, 6, "close time");
            if (close != open + interval.millis() - 1) {
                // The body does not name its interval; the close time is the one check that it is the one asked for.
                throw new InvalidEventException(
                        RejectReason.INVALID_VALUE,
                        "kline " + open + ".." + close + " is not a " + interval.label() + " kline");
            }
            double volume = decimal(k, 5, "volume");
            double quote = decimal(k, 7, "quote volume");
            out.add(new Bar(
                    interval,
                    BinanceParser.VENUE,
                    symbol,
                    open,
                    recvMs,
                    decimal(k, 1, "open"),
                    decimal(k, 2, "high"),
                    decimal(k, 3, "low"),
                    decimal(k, 4, "close"),
                    volume,
                    integer(k, 8, "number of trades"),
                    volume > 0 ? quote / volume : null,
                    SOURCE));
        }
        return out;
    }

    private static long integer(JsonNode k, int i, String what) {
        JsonNode v = k.get(i);
        if (!v.isIntegralNumber()) throw new InvalidEventException(RejectReason.WRONG_TYPE, what + " must be integer");
        return v.asLong();
    }

    private static double decimal(JsonNode k, int i, String what) {
        JsonNode v = k.get(i);
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, what + " is not a decimal: '" + v + "'");
        }
    }
}
