package dev.ticktape.adapters.tastytrade;

import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
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

    boolean watches(String streamerSymbol) {
        return options.containsKey(streamerSymbol);
    }

    /** Applies one record; returns the Greeks event it completes, or null. Called from the socket thread only. */
    Greeks apply(DxRecord r, long recvMs) {
        switch (r.eventType()) {
            case "Quote" -> {
                Double mid = mid(r.number("bidPrice"), r.number("askPrice"));
                if (mid == null) return null;
                if (options.containsKey(r.symbol())) optionMarks.put(r.symbol(), mid);
                else quoteMids.put(r.symbol(), mid);
                return null;
            }
            case "Trade" -> {
                Double px = r.number("price");
                if (px != null && px > 0) lastTrades.put(r.symbol(), px);
                return null;
            }
            case "Greeks" -> {
                return greeks(r, recvMs);
            }
            default -> {
                return null;
            }
        }
    }

    private Greeks greeks(DxRecord r, long recvMs) {
        Watched w = options.get(r.symbol());
        if (w == null) return null;
        long ts = r.time("time");
        if (ts == 0) ts = r.time("eventTime");
        if (ts == 0) ts = recvMs;
        Double mark = optionMarks.get(r.symbol());
        if (mark == null) mark = positive(r.number("price"));
        OptionContract c = w.contract();
        return new Greeks(TastytradeAdapter.VENUE, OccSymbol.eventSymbol(c), ts, recvMs, w.account(), c,
                r.number("delta"), r.number("gamma"), r.number("theta"), r.number("vega"), r.number("rho"),
                r.number("volatility"), underlyingPrice(c.underlying()), mark);
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
