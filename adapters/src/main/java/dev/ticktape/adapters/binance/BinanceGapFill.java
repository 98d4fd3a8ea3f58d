package dev.ticktape.adapters.binance;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Fetches trades missed while disconnected: {@code GET /api/v3/historicalTrades?fromId=} pages, whose ids are
 * the {@code t} ids of the {@code @trade} stream (aggTrades ids would not match, and downstream dedupes by trade
 * id). Pacing is {@link BinanceRest}'s.
 */
final class BinanceGapFill {
    static final int PAGE = 1000;
    private final BinanceRest rest;
    private final BinanceParser parser;

    BinanceGapFill(BinanceRest rest, BinanceParser parser) {
        this.rest = rest;
        this.parser = parser;
    }

    /** Up to {@value #PAGE} trades with id >= {@code fromId}, oldest first. */
    List<BinanceWsFrame.Trade> page(String symbol, long fromId) throws IOException, InterruptedException {
        byte[] body = rest.get(
                "/api/v3/historicalTrades",
                Map.of("symbol", symbol, "fromId", Long.toString(fromId), "limit", Integer.toString(PAGE)));
        return parser.decodeHistoricalTrades(symbol, body);
    }
}
