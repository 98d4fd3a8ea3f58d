package dev.ticktape.adapters.binance;

import dev.ticktape.model.BookUpdate.Level;
import java.util.List;

/**
 * Every shape a Binance Spot market-stream connection delivers, decoded but not yet normalized. Prices and
 * quantities stay decimal strings here; times are epoch milliseconds (the adapter never asks for microseconds).
 */
public sealed interface BinanceWsFrame {

    /** {@code <symbol>@trade}. {@code buyerMaker} true means the aggressor sold. */
    record Trade(
            String symbol, long eventTime, long tradeId, String price, String qty, long tradeTime, boolean buyerMaker)
            implements BinanceWsFrame {}

    /** {@code <symbol>@aggTrade}: fills of one taker order at one price, trade ids {@code firstId..lastId}. */
    record AggTrade(
            String symbol,
            long eventTime,
            long aggTradeId,
            String price,
            String qty,
            long firstTradeId,
            long lastTradeId,
            long tradeTime,
            boolean buyerMaker)
            implements BinanceWsFrame {}

    /** {@code <symbol>@bookTicker}; Spot sends no event time. */
    record BookTicker(String symbol, long updateId, String bid, String bidQty, String ask, String askQty)
            implements BinanceWsFrame {}

    /** {@code <symbol>@depth[@100ms]}: levels to set (qty 0 removes) covering update ids {@code U..u}. */
    record DepthUpdate(
            String symbol, long eventTime, long firstUpdateId, long finalUpdateId, List<Level> bids, List<Level> asks)
            implements BinanceWsFrame {}

    /** {@code <symbol>@depth<N>[@100ms]}: a top-N snapshot; the symbol comes from the stream name. */
    record PartialDepth(String symbol, long lastUpdateId, List<Level> bids, List<Level> asks)
            implements BinanceWsFrame {}

    /** {@code <symbol>@kline_<interval>}; {@code closed} is the final version of the window. */
    record Kline(
            String symbol,
            long eventTime,
            String interval,
            long openTime,
            long closeTime,
            long firstTradeId,
            long lastTradeId,
            String open,
            String high,
            String low,
            String close,
            String volume,
            String quoteVolume,
            long trades,
            boolean closed)
            implements BinanceWsFrame {}

    /** The server is about to go away: open a new connection now. */
    record ServerShutdown(long eventTime) implements BinanceWsFrame {}

    /** Reply to a control request; {@code result} is raw JSON ("null" on success of SUBSCRIBE etc.). */
    record Response(String id, String result) implements BinanceWsFrame {}

    /**
     * Error reply to a control request, top-level ({@code {"code":2,"msg":"...","id":1}}) or nested
     * ({@code {"error":{"code":2,"msg":"..."},"id":1}}); {@code id} is null when the server could not read one.
     */
    record Error(int code, String msg, String id) implements BinanceWsFrame {}

    /** A well-formed frame of a stream or event type the adapter does not use. */
    record Unknown(String stream, String eventType) implements BinanceWsFrame {}
}
