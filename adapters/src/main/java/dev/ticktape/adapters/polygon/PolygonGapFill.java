package dev.ticktape.adapters.polygon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches minute bars over REST ({@code /v2/aggs/ticker/{T}/range/1/minute/{from}/{to}}, times in ms, both ends
 * inclusive), following {@code next_url} until the last page.
 */
final class PolygonGapFill {
    /** Bounds a runaway cursor chain; 50 pages of 50 000 bars is far more than any gap. */
    private static final int MAX_PAGES = 50;

    private final PolygonRest rest;
    private final PolygonParser parser;

    PolygonGapFill(PolygonRest rest, PolygonParser parser) {
        this.rest = rest;
        this.parser = parser;
    }

    /** Minute bars of {@code symbol} starting in {@code [fromMs, toMs]}, oldest first. */
    List<PolygonAggsPage.Bar> minuteBars(String symbol, long fromMs, long toMs)
            throws IOException, InterruptedException {
        List<PolygonAggsPage.Bar> out = new ArrayList<>();
        String path = "/v2/aggs/ticker/" + symbol + "/range/1/minute/" + fromMs + "/" + toMs
                + "?adjusted=true&sort=asc&limit=50000";
        for (int page = 0; path != null; page++) {
            if (page == MAX_PAGES)
                throw new IOException("aggregates of " + symbol + ": more than " + MAX_PAGES + " pages");
            PolygonAggsPage p = parser.decodeAggs(rest.get(path));
            out.addAll(p.results());
            path = p.nextUrl() == null ? null : PolygonRest.relative(p.nextUrl());
        }
        return out;
    }
}
