package dev.ticktape.adapters.tastytrade;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins the DXLink events of the watched options into {@link Greeks}: each {@code Greeks} event is published
 * with the latest option {@code Quote} mid as mark (else the price the greeks were computed from) and the latest
 * underlying price (last {@code Trade}, else {@code Quote} mid). DXLink units are already canonical: volatility
 * is a fraction, theta per calendar day, vega per 1 vol point, so values pass through unchanged.
 */
final class TastytradeGreeksBook {
    /** A watched option: where its greeks go. {@code account} is null for contracts named on the command line. */
    record Watched(OptionContract contract, String account) {}

    private final Map<String, Watched> options = new ConcurrentHashMap<>();
    private final Map<String, Double> optionMarks = new HashMap<>();
    private final Map<String, Double> lastTrades = new HashMap<>();
    private final Map<String, Double> quoteMids = new HashMap<>();

    void watch(String streamerSymbol, Watched w) {
        options.put(streamerSymbol, w);
    }

    void unwatch(String streamerSymbol) {
        options.remove(streamerSymbol);
    }

    /** The published name of a streamer symbol: the compact OCC symbol of a watched option, else the symbol itself. */
    String instrument(String streamerSymbol) {
        Watched w = options.get(streamerSymbol);
        return w == null ? streamerSymbol : OccSymbol.eventSymbol(w.contract());
    }

    boolean watches(String streamerSymbol) {
        return options.containsKey(streamerSymbol);
    }

    /** Applies one event; returns the Greeks event it completes, or null. Called from the socket thread only. */
    Greeks apply(DxEvent e, long recvMs) {
        if (e instanceof DxEvent.Quote q) {
            Double mid = mid(q.bidPrice(), q.askPrice());
            if (mid == null) return null;
            if (options.containsKey(q.symbol())) optionMarks.put(q.symbol(), mid);
            else quoteMids.put(q.symbol(), mid);
        } else if (e instanceof DxEvent.Trade t) {
            if (t.price() != null && t.price() > 0) lastTrades.put(t.symbol(), t.price());
        } else if (e instanceof DxEvent.Greeks g) {
            return greeks(g, recvMs);
        }
        return null;
    }

    private Greeks greeks(DxEvent.Greeks e, long recvMs) {
        Watched w = options.get(e.symbol());
        if (w == null) return null;
        long ts = e.timeMs() != 0 ? e.timeMs() : recvMs;
        Double mark = optionMarks.get(e.symbol());
        if (mark == null) mark = positive(e.price());
        OptionContract c = w.contract();
        return new Greeks(
                TastytradeAdapter.VENUE,
                OccSymbol.eventSymbol(c),
                ts,
                recvMs,
                w.account(),
                c,
                e.delta(),
                e.gamma(),
                e.theta(),
                e.vega(),
                e.rho(),
                e.volatility(),
                underlyingPrice(c.underlying()),
                mark);
    }

    private Double underlyingPrice(String underlying) {
        Double last = lastTrades.get(underlying);
        return last != null ? last : quoteMids.get(underlying);
    }

    private static Double mid(Double bid, Double ask) {
        if (bid == null || ask == null || bid <= 0 || ask <= 0) return null;
        return (bid + ask) / 2;
    }

    private static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }
}
