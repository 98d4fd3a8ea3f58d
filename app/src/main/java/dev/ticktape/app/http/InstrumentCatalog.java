package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.InstrumentStats;
import dev.ticktape.topology.query.BarStateQueries;
import dev.ticktape.topology.query.QueryResult;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instrument this deployment knows: the bar tables of the store this process owns (one GROUP BY per table)
 * merged with the latest bars in topology state, read here for the partitions this instance owns and asked of every
 * other instance ({@code GET /v1/instruments} marked as forwarded, which answers its own share only). Used by
 * {@code GET /v1/instruments} and to tell a mistyped symbol (404 with the nearest known one) from a known one with
 * no bars in range (200, count 0).
 */
public final class InstrumentCatalog {
    static final String PATH = "/v1/instruments";

    private final BarQueries db;
    private final BarStateQueries state;
    private final Forwarder forwarder;
    private final ObjectMapper json = new ObjectMapper();
    /**
     * Instruments a snapshot has shown to exist. Polling a quiet but known instrument answers empty pages; this spares
     * each of them the GROUP BY over both bar tables and the fan-out to other instances.
     */
    private final Set<InstrumentId> confirmed = ConcurrentHashMap.newKeySet();

    /** Either source may be null when this process does not run it. */
    public InstrumentCatalog(BarQueries db, BarStateQueries state, Forwarder forwarder) {
        this.db = db;
        this.state = state;
        this.forwarder = forwarder;
    }

    /**
     * One known instrument. Counts and range are of stored bars; {@code lastBar}/{@code lastClose} are of the newest
     * bar seen in the store or in state; {@code live} tells live input from replayed files by {@code source_file}.
     */
    record Entry(
            InstrumentId id,
            long bars1s,
            long bars1m,
            long liveBars,
            Instant firstBar,
            Instant lastBar,
            Double lastClose,
            boolean inState,
            boolean liveInState) {
        /** {@code live}, {@code replayed} or {@code mixed} (some bars of each). */
        String mode() {
            long stored = bars1s + bars1m;
            if (stored == 0) return liveInState ? "live" : "replayed";
            return liveBars == stored ? "live" : liveBars == 0 ? "replayed" : "mixed";
        }
    }

    /**
     * What is known now. {@code complete} is false when topology state could not be read everywhere (a
     * rebalance): an instrument missing from {@code entries} may then still exist.
     */
    record Snapshot(List<Entry> entries, boolean complete) {
        /** The venues that have {@code symbol}. */
        List<String> venuesOf(String symbol) {
            return entries.stream()
                    .filter(e -> e.id().symbol().equals(symbol))
                    .map(e -> e.id().venue())
                    .toList();
        }

        boolean has(String venue, String symbol) {
            return venue == null
                    ? !venuesOf(symbol).isEmpty()
                    : entries.stream().anyMatch(e -> e.id().equals(new InstrumentId(venue, symbol)));
        }

        /** The known symbol nearest to {@code symbol}, within a typo's distance. */
        Optional<String> nearest(String symbol) {
            TreeSet<String> symbols = new TreeSet<>();
            entries.forEach(e -> symbols.add(e.id().symbol()));
            symbols.remove(symbol);
            return EditDistance.closest(symbol, symbols);
        }
    }

    Snapshot snapshot() throws IOException {
        Map<String, Builder> byKey = new TreeMap<>();
        if (db != null) {
            for (InstrumentStats s : db.instruments(BarInterval.S1))
                builder(byKey, s.instrument()).stored(s, true);
            for (InstrumentStats s : db.instruments(BarInterval.M1))
                builder(byKey, s.instrument()).stored(s, false);
        }
        boolean complete = true;
        if (state != null) {
            List<StateBar> bars = new ArrayList<>();
            complete = localState(bars);
            for (var other : state.otherHosts()) {
                HttpEdge.Response r = forwarder.forward(other.host(), other.port(), PATH, new HashMap<>());
                if (r.status() != 200) {
                    complete = false;
                    continue;
                }
                for (JsonNode b : json.readTree((byte[]) r.body()).path("latest_bars")) {
                    bars.add(new StateBar(
                            new InstrumentId(
                                    b.path("venue").asText(), b.path("symbol").asText()),
                            b.path("ts_ms").asLong(),
                            b.path("close").asDouble(),
                            b.path("source_file").asText(null)));
                }
            }
            for (StateBar b : bars) builder(byKey, b.id()).seen(b);
        }
        return new Snapshot(byKey.values().stream().map(Builder::build).toList(), complete);
    }

    /**
     * The answer for an instrument neither the store nor state knows: 404 {@code unknown_instrument}, naming the
     * nearest known symbol within a typo's distance, or the venues that do have the symbol. Null when the instrument
     * is known, or when state could not be read everywhere (better an empty answer than a wrong 404).
     *
     * @param venue the venue asked for, or null for any
     */
    HttpEdge.Response unknown(String venue, String symbol) throws IOException {
        if (confirmed.stream()
                .anyMatch(id -> id.symbol().equals(symbol)
                        && (venue == null || id.venue().equals(venue)))) {
            return null;
        }
        Snapshot s = snapshot();
        s.entries().forEach(e -> confirmed.add(e.id()));
        if (s.has(venue, symbol) || !s.complete()) return null;
        String message = "no such instrument: " + (venue == null ? symbol : venue + ":" + symbol);
        List<String> venues = s.venuesOf(symbol);
        if (!venues.isEmpty()) {
            return HttpEdge.Response.error(
                    404, ErrorBody.UNKNOWN_INSTRUMENT, message, symbol + " is on venue " + String.join(", ", venues));
        }
        Optional<String> near = s.nearest(symbol);
        if (near.isEmpty()) {
            return HttpEdge.Response.error(
                    404, ErrorBody.UNKNOWN_INSTRUMENT, message, "GET " + PATH + " lists the known instruments");
        }
        String hint = "did you mean " + near.get() + "?";
        return HttpEdge.Response.error(404, ErrorBody.UNKNOWN_INSTRUMENT, message + "; " + hint, hint);
    }

    /** The latest 1s and 1m bars of the instruments this instance owns; false if state is not readable now. */
    boolean localState(List<StateBar> out) {
        if (state == null) return true;
        for (BarInterval interval : List.of(BarInterval.S1, BarInterval.M1)) {
            QueryResult<List<Bar>> r = state.latestOwned(interval);
            if (!(r instanceof QueryResult.Local<List<Bar>> local)) return false;
            for (Bar b : local.value()) {
                out.add(new StateBar(new InstrumentId(b.venue(), b.symbol()), b.tsMs(), b.close(), b.source()));
            }
        }
        return true;
    }

    /** A latest bar from topology state, as far as discovery needs it. */
    record StateBar(InstrumentId id, long tsMs, double close, String source) {
        Map<String, Object> json() {
            Map<String, Object> m = new TreeMap<>();
            m.put("venue", id.venue());
            m.put("symbol", id.symbol());
            m.put("ts_ms", tsMs);
            m.put("close", close);
            m.put("source_file", source);
            return m;
        }
    }

    private static Builder builder(Map<String, Builder> byKey, InstrumentId id) {
        return byKey.computeIfAbsent(id.key(), k -> new Builder(id));
    }

    /** Accumulates what the store and state say about one instrument. */
    private static final class Builder {
        final InstrumentId id;
        long bars1s;
        long bars1m;
        long live;
        Instant first;
        Instant last;
        Double lastClose;
        boolean inState;
        boolean liveInState;

        Builder(InstrumentId id) {
            this.id = id;
        }

        void stored(InstrumentStats s, boolean seconds) {
            if (seconds) bars1s = s.rows();
            else bars1m = s.rows();
            live += s.liveRows();
            if (first == null || s.firstBar().isBefore(first)) first = s.firstBar();
            newest(s.lastBar(), s.lastClose(), false);
        }

        void seen(StateBar b) {
            inState = true;
            liveInState |= b.source() == null || b.source().startsWith("live:");
            newest(Instant.ofEpochMilli(b.tsMs()), b.close(), true);
        }

        /** The newest bar gives the last price; state wins a tie (it may hold a revision not stored yet). */
        private void newest(Instant ts, double close, boolean fromState) {
            if (last == null || ts.isAfter(last) || (fromState && ts.equals(last))) {
                last = ts;
                lastClose = close;
            }
        }

        Entry build() {
            return new Entry(id, bars1s, bars1m, live, first, last, lastClose, inState, liveInState);
        }
    }
}
