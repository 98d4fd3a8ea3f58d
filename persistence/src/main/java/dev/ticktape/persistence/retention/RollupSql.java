package dev.ticktape.persistence.retention;

/** The 1m-to-5m roll-up, shared by both stores: OHLC by time order, summed volume and trades, volume-weighted vwap. */
final class RollupSql {
    static final String COLUMNS =
            "venue, symbol, \"timestamp\", open, high, low, close, volume, vwap, trades, source_file, ingested_at";
    static final String SOURCE = "rollup:ohlc_1m";

    private RollupSql() {}

    /** Aggregates over a subquery that exposes the 1m columns plus the 5-minute bucket {@code b}. */
    static String aggregates(String first, String last, String now) {
        return "venue, symbol, b, " + first + ", max(high), min(low), " + last + ", sum(volume), "
                + "sum(vwap * volume) FILTER (WHERE vwap IS NOT NULL) "
                + "/ nullif(sum(volume) FILTER (WHERE vwap IS NOT NULL), 0), sum(trades), '" + SOURCE + "', " + now;
    }
}
