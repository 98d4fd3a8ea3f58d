package dev.ticktape.adapters.binance;

import dev.ticktape.model.BookUpdate.Level;
import java.util.List;

/** A REST {@code /api/v3/depth} answer: the book as of update id {@code lastUpdateId}. */
public record BinanceDepthSnapshot(long lastUpdateId, List<Level> bids, List<Level> asks) {
    public BinanceDepthSnapshot {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
