package dev.ticktape.adapters.binance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Binance stream names and the control messages that subscribe them. */
final class BinanceStreams {
    /** Streams per SUBSCRIBE message: keeps requests small while one message covers many symbols. */
    static final int STREAMS_PER_MESSAGE = 200;

    static final String TRADE = "@trade";
    static final String BOOK_TICKER = "@bookTicker";
    static final String DEPTH = "@depth@100ms";

    private final AtomicLong nextId = new AtomicLong(1);

    /** The streams for one symbol, in subscription order. */
    static List<String> forSymbol(String symbol, boolean depth) {
        String s = BinanceSymbols.toStreamSymbol(symbol);
        return depth ? List.of(s + TRADE, s + BOOK_TICKER, s + DEPTH) : List.of(s + TRADE, s + BOOK_TICKER);
    }

    /** SUBSCRIBE requests for {@code streams}, {@value #STREAMS_PER_MESSAGE} streams per request. */
    List<String> subscribeMessages(List<String> streams) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < streams.size(); i += STREAMS_PER_MESSAGE) {
            List<String> chunk = streams.subList(i, Math.min(streams.size(), i + STREAMS_PER_MESSAGE));
            StringBuilder sb = new StringBuilder("{\"method\":\"SUBSCRIBE\",\"params\":[");
            for (int j = 0; j < chunk.size(); j++) {
                if (j > 0) sb.append(',');
                // Stream names are [a-z0-9@_!] only, no escaping needed.
                sb.append('"').append(chunk.get(j)).append('"');
            }
            out.add(sb.append("],\"id\":")
                    .append(nextId.getAndIncrement())
                    .append('}')
                    .toString());
        }
        return out;
    }
}
