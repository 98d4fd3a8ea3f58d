package dev.ticktape.app.reconcile;

import dev.ticktape.adapters.binance.BinanceKlines;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Binance klines ({@code 1m}, and {@code 1s}, which the venue offers too). The REST base is looked up per call: a
 * fake venue is replaced when its adapter restarts.
 */
final class BinanceVenueBars implements VenueBars {
    /** The venue's documented per-IP budget; requests pause at 90% of the used weight it reports. */
    static final int WEIGHT_PER_MINUTE = 6000;

    private final Supplier<String> restBaseUrl;
    private final List<BarInterval> intervals;
    private String clientUrl;
    private BinanceKlines client;

    BinanceVenueBars(Supplier<String> restBaseUrl, List<BarInterval> intervals) {
        this.restBaseUrl = restBaseUrl;
        this.intervals = List.copyOf(intervals);
    }

    @Override
    public String venue() {
        return "binance";
    }

    @Override
    public List<BarInterval> intervals() {
        return intervals;
    }

    @Override
    public List<Bar> fetch(String symbol, BarInterval interval, long fromMs, long toMs)
            throws IOException, InterruptedException {
        return client().klines(symbol, interval, fromMs, toMs);
    }

    private synchronized BinanceKlines client() {
        String url = restBaseUrl.get();
        if (!url.equals(clientUrl)) {
            client = new BinanceKlines(url, WEIGHT_PER_MINUTE);
            clientUrl = url;
        }
        return client;
    }
}
