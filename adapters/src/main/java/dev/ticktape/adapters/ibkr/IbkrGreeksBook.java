package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.model.Greeks;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merges the partial {@code smd} updates of each conid into its last full state (a missing field means
 * "unchanged", never zero) and turns option states into {@link Greeks}. Unit conversion: IBKR sends implied
 * volatility in percent (field 7633), published as a fraction; theta (per day) and vega (per 1 % vol change =
 * per vol point) already match. IBKR streams no rho. The underlying price comes from the underlying's own
 * {@code smd} stream (last, else bid/ask mid); the mark from field 7635, else the option's bid/ask mid.
 */
final class IbkrGreeksBook {
    private final Map<Long, IbkrOption> options = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, JsonNode>> state = new HashMap<>();

    void watch(IbkrOption o) {
        options.put(o.conid(), o);
    }

    void unwatch(long conid) {
        options.remove(conid);
        state.remove(conid);
    }

    /** Merges one update; returns the Greeks event of an option update, or null. Socket thread only. */
    Greeks apply(IbkrWsFrame.MarketData md, long recvMs) {
        Map<String, JsonNode> s = state.computeIfAbsent(md.conid(), k -> new HashMap<>());
        md.fields().fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!(v.isTextual() && v.asText().isEmpty())) s.put(e.getKey(), v);
        });
        IbkrOption o = options.get(md.conid());
        if (o == null || !hasAnalytics(s) || unavailable(s)) return null;
        long ts = md.updatedMs() > 0 ? md.updatedMs() : recvMs;
        return new Greeks(IbkrAdapter.VENUE, OccSymbol.eventSymbol(o.contract()), ts, recvMs, o.account(), o.contract(),
                num(s, IbkrFields.DELTA), num(s, IbkrFields.GAMMA), num(s, IbkrFields.THETA), num(s, IbkrFields.VEGA),
                null, IbkrValue.percentAsFraction(s.get(IbkrFields.IMPLIED_VOL_PCT)), underlyingPrice(o), mark(s));
    }

    /** Forgets merged values (server state does not survive a reconnect: start from fresh snapshots). */
    void clearState() {
        state.clear();
    }

    private Double underlyingPrice(IbkrOption o) {
        Map<String, JsonNode> u = state.get(o.underlyingConid());
        if (u == null) return null;
        Double last = positive(num(u, IbkrFields.LAST));
        return last != null ? last : mid(u);
    }

    private static Double mark(Map<String, JsonNode> s) {
        Double mark = positive(num(s, IbkrFields.MARK));
        return mark != null ? mark : mid(s);
    }

    private static Double mid(Map<String, JsonNode> s) {
        Double bid = positive(num(s, IbkrFields.BID));
        Double ask = positive(num(s, IbkrFields.ASK));
        return bid == null || ask == null ? null : (bid + ask) / 2;
    }

    private static boolean hasAnalytics(Map<String, JsonNode> s) {
        return s.containsKey(IbkrFields.DELTA) || s.containsKey(IbkrFields.IMPLIED_VOL_PCT);
    }

    /** {@code 6509} starting with N (not subscribed) or O (incomplete acknowledgement): no usable data. */
    private static boolean unavailable(Map<String, JsonNode> s) {
        JsonNode a = s.get(IbkrFields.AVAILABILITY);
        if (a == null) return false;
        String code = a.asText();
        return code.startsWith("N") || code.startsWith("O");
    }

    private static Double num(Map<String, JsonNode> s, String field) {
        return IbkrValue.number(s.get(field));
    }

    private static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }
}
