package dev.ticktape.adapters.ibkr;

import dev.ticktape.model.Greeks;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merges the partial {@code smd} updates of each conid into its last full state (a missing field means
 * "unchanged", never zero) and turns option states into {@link Greeks}. Units: implied volatility arrives as a
 * fraction (the parser converts IBKR's percent); theta (per day) and vega (per 1 % vol change = per vol point)
 * already match. IBKR streams no rho. The underlying price comes from the underlying's own {@code smd} stream
 * (last, else bid/ask mid); the mark from the mark field, else the option's bid/ask mid. Every Greeks record
 * carries the availability of the option's field {@code 6509} ({@link #availability}).
 */
final class IbkrGreeksBook {
    /** The merged fields of one conid; a field present with a null value was sent but is not a number. */
    private static final class State {
        final Map<IbkrField, Double> values = new EnumMap<>(IbkrField.class);
        String availability;
    }

    private final Map<Long, IbkrOption> options = new ConcurrentHashMap<>();
    private final Map<Long, State> state = new HashMap<>();

    void watch(IbkrOption o) {
        options.put(o.conid(), o);
    }

    void unwatch(long conid) {
        options.remove(conid);
        state.remove(conid);
    }

    /** Merges one update; returns the Greeks event of an option update, or null. Socket thread only. */
    Greeks apply(IbkrWsFrame.MarketData md, long recvMs) {
        State s = state.computeIfAbsent(md.conid(), k -> new State());
        s.values.putAll(md.values());
        if (md.availability() != null) s.availability = md.availability();
        IbkrOption o = options.get(md.conid());
        if (o == null || !hasAnalytics(s) || unavailable(s)) return null;
        long ts = md.updatedMs() > 0 ? md.updatedMs() : recvMs;
        Map<IbkrField, Double> v = s.values;
        return new Greeks(
                IbkrAdapter.VENUE,
                IbkrSymbols.eventSymbol(o.contract(), null),
                ts,
                recvMs,
                o.account(),
                o.contract(),
                v.get(IbkrField.DELTA),
                v.get(IbkrField.GAMMA),
                v.get(IbkrField.THETA),
                v.get(IbkrField.VEGA),
                null,
                v.get(IbkrField.IMPLIED_VOL),
                underlyingPrice(o),
                mark(v),
                availability(s.availability));
    }

    /**
     * The availability of field {@code 6509}, by its first character. Source: IBKR Web API market data fields, as
     * summarised in the protocol notes (ibkr-cpapi.md section 5.2): {@code R} realtime, {@code D} delayed 15-20 min,
     * {@code Z} frozen (the last value at the close, realtime), {@code Y} frozen delayed; {@code N} (not subscribed)
     * and {@code O} (incomplete acknowledgement) are never published. Frozen wins over delayed: {@code Y} is not a
     * delayed live value but an old one. A code never sent counts as realtime (the model's default).
     */
    static Greeks.Availability availability(String code) {
        if (code == null || code.isEmpty()) return Greeks.Availability.REALTIME;
        return switch (code.charAt(0)) {
            case 'Z', 'Y' -> Greeks.Availability.FROZEN;
            case 'D' -> Greeks.Availability.DELAYED;
            default -> Greeks.Availability.REALTIME;
        };
    }

    /** The availability code last seen for {@code conid}, or null. Socket thread only. */
    String availabilityCode(long conid) {
        State s = state.get(conid);
        return s == null ? null : s.availability;
    }

    /** The event symbol of a watched option, or null for other conids. */
    String instrument(long conid) {
        IbkrOption o = options.get(conid);
        return o == null ? null : IbkrSymbols.eventSymbol(o.contract(), null);
    }

    /** Whether {@code code} says the data is not usable (N: not subscribed, O: incomplete acknowledgement). */
    static boolean unusable(String code) {
        return code != null && (code.startsWith("N") || code.startsWith("O"));
    }

    /** Forgets merged values (server state does not survive a reconnect: start from fresh snapshots). */
    void clearState() {
        state.clear();
    }

    private Double underlyingPrice(IbkrOption o) {
        State u = state.get(o.underlyingConid());
        if (u == null) return null;
        Double last = positive(u.values.get(IbkrField.LAST));
        return last != null ? last : mid(u.values);
    }

    private static Double mark(Map<IbkrField, Double> v) {
        Double mark = positive(v.get(IbkrField.MARK));
        return mark != null ? mark : mid(v);
    }

    private static Double mid(Map<IbkrField, Double> v) {
        Double bid = positive(v.get(IbkrField.BID));
        Double ask = positive(v.get(IbkrField.ASK));
        return bid == null || ask == null ? null : (bid + ask) / 2;
    }

    private static boolean hasAnalytics(State s) {
        return s.values.containsKey(IbkrField.DELTA) || s.values.containsKey(IbkrField.IMPLIED_VOL);
    }

    /** Availability starting with N (not subscribed) or O (incomplete acknowledgement): no usable data. */
    private static boolean unavailable(State s) {
        return unusable(s.availability);
    }

    private static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }
}
