package dev.ticktape.adapters.polygon;

import java.util.List;

/**
 * One page of the aggregates REST endpoint: the bars (window start {@code t} in ms) and the link to the next page,
 * null on the last one.
 */
public record PolygonAggsPage(String ticker, String status, List<Bar> results, String nextUrl) {
    public PolygonAggsPage {
        results = List.copyOf(results);
    }

    /** One REST bar; {@code volume} may be fractional, {@code vwap} and {@code trades} may be absent. */
    public record Bar(
            long start, double open, double high, double low, double close, double volume, Double vwap, Long trades) {}
}
