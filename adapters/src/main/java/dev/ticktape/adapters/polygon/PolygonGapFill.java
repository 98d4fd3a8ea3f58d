package dev.ticktape.adapters.polygon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches bars over REST ({@link PolygonAggsRequest}: {@code /v2/aggs/ticker/{T}/range/{m}/{timespan}/{from}/{to}},
 * times in ms, both ends inclusive), following {@code next_url} until the last page.
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

    /** The bars {@code request} asks for, every page, oldest first. */
    List<PolygonAggsPage.Bar> bars(PolygonAggsRequest request) throws IOException, InterruptedException {
        List<PolygonAggsPage.Bar> out = new ArrayList<>();
        String symbol = request.ticker();
        String path = request.path();
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
