package dev.ticktape.adapters.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Binance stream names and the control messages that subscribe them. */
final class BinanceStreams {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One SUBSCRIBE request: its id (echoed by the venue's reply), the streams it names and its JSON text. */
    record Subscribe(String id, List<String> streams, String json) {}

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
    List<Subscribe> subscribeRequests(List<String> streams) {
        List<Subscribe> out = new ArrayList<>();
        for (int i = 0; i < streams.size(); i += STREAMS_PER_MESSAGE) {
            List<String> chunk = List.copyOf(streams.subList(i, Math.min(streams.size(), i + STREAMS_PER_MESSAGE)));
            long id = nextId.getAndIncrement();
            // Built by Jackson: a symbol is checked before it gets here, but a request must never be forgeable.
            ObjectNode req = MAPPER.createObjectNode().put("method", "SUBSCRIBE");
            chunk.forEach(req.putArray("params")::add);
            req.put("id", id);
            out.add(new Subscribe(Long.toString(id), chunk, req.toString()));
        }
        return out;
    }
}
