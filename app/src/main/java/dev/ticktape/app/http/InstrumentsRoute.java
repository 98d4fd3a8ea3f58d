package dev.ticktape.app.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/instruments?venue=}: every known instrument, ordered by venue and symbol, with its stored bar
 * counts ({@code bars_1s}, {@code bars_1m}, {@code live_bars}), first and last bar start, last close, whether
 * topology state holds it and whether its data is {@code live}, {@code replayed} or {@code mixed} (by
 * {@code source_file}: live input is {@code live:SYMBOL}, a replay names its file). One row per instrument, so the
 * list is not paged. {@code complete: false} says topology state could not be read on every instance (a rebalance).
 * The listing is up to {@link #REUSE} old: every open dashboard page polls it, and each fresh one costs a GROUP BY
 * over both bar tables and a fan-out to the other instances; the 404 check for a mistyped symbol stays fresh.
 */
public final class InstrumentsRoute implements HttpEdge.Route {
    /** How long one listing serves every request. */
    static final Duration REUSE = Duration.ofSeconds(2);

    private final InstrumentCatalog catalog;
    private final ReusedAnswer<InstrumentCatalog.Snapshot> listing;

    public InstrumentsRoute(InstrumentCatalog catalog) {
        this.catalog = catalog;
        this.listing = new ReusedAnswer<>(
                () -> {
                    try {
                        return catalog.snapshot();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                REUSE);
    }

    @Override
    public HttpEdge.Response handle(Map<String, String> q) throws IOException {
        if (Forwarder.forwarded(q)) return ownShare();
        String venue = q.get("venue");
        venue = venue == null || venue.isBlank() ? null : venue.toLowerCase(Locale.ROOT);
        InstrumentCatalog.Snapshot s;
        try {
            s = listing.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (InstrumentCatalog.Entry e : s.entries()) {
            if (venue != null && !venue.equals(e.id().venue())) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("venue", e.id().venue());
            m.put("symbol", e.id().symbol());
            m.put("bars_1s", e.bars1s());
            m.put("bars_1m", e.bars1m());
            m.put("live_bars", e.liveBars());
            m.put("first_bar", e.firstBar() == null ? null : e.firstBar().toString());
            m.put("last_bar", e.lastBar() == null ? null : e.lastBar().toString());
            m.put("last_close", e.lastClose());
            m.put("in_state", e.inState());
            m.put("mode", e.mode());
            rows.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", rows.size());
        body.put("complete", s.complete());
        body.put("instruments", rows);
        return HttpEdge.Response.ok(body);
    }

    /** Asked by another instance: the latest bars of the instruments this one owns, nothing else. */
    private HttpEdge.Response ownShare() {
        List<InstrumentCatalog.StateBar> bars = new ArrayList<>();
        if (!catalog.localState(bars)) return Forwarder.unavailable("topology state is not readable here now");
        return HttpEdge.Response.ok(Map.of(
                "latest_bars",
                bars.stream().map(InstrumentCatalog.StateBar::json).toList()));
    }
}
