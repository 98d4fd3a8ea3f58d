package dev.ticktape.model;

import java.util.List;

/** Topic names: the contract between adapters, the topology and the sinks. */
public final class Topics {
    public static final String TRADES = "md.trades";
    public static final String QUOTES = "md.quotes";
    public static final String BOOKS = "md.books";
    public static final String BARS_1S = "md.bars.1s";
    public static final String BARS_1M = "md.bars.1m";
    public static final String GREEKS = "md.greeks";
    /** Greeks snapshots the topology accepted (deduplicated, in order, optionally conflated): what is persisted. */
    public static final String GREEKS_ACCEPTED = "md.greeks.accepted";

    public static final String EXECUTIONS = "md.executions";
    public static final String STATUS = "md.status";
    /** Rejected input: raw bytes, reason, provenance. */
    public static final String DLQ = "md.dlq";
    /** Trades that arrived after their bar closed. */
    public static final String LATE = "md.late";

    public static final String ALERTS = "md.alerts";

    /**
     * The gap ledger: intervals in which a feed may have missed data ({@link Gap}), keyed by {@code venue:connection}.
     * A record with the same {@code (venue, connection, ts_ms, cause)} replaces an earlier one.
     */
    public static final String GAPS = "md.gaps";

    /** Rolling summaries of the 1s closes, one per instrument, window length and window end. */
    public static final String SUMMARIES = "md.summaries";
    /** Intraday features, one record per bar. */
    public static final String FEATURES = "md.features";
    /** Decisions, one per instrument and completed 1s bar (with {@code --emit-decisions}). */
    public static final String DECISIONS = "md.decisions";
    /**
     * The exposure gate's settings (compacted): key {@code *}, a venue, or {@code venue:SYMBOL}; value
     * {@link GateSetting} JSON. The gate file and {@code POST /v1/decisions/gate} write it; the decisions read it.
     */
    public static final String DECISION_GATE = "md.decisions.gate";

    /** Every topic the platform creates at start. */
    public static final List<String> ALL = List.of(
            TRADES,
            QUOTES,
            BOOKS,
            BARS_1S,
            BARS_1M,
            GREEKS,
            GREEKS_ACCEPTED,
            EXECUTIONS,
            STATUS,
            DLQ,
            LATE,
            ALERTS,
            GAPS,
            SUMMARIES,
            FEATURES,
            DECISIONS,
            DECISION_GATE);

    private Topics() {}

    public static String topicFor(MarketEvent e) {
        if (e instanceof Bar b) return b.interval().topic();
        return switch (e.type()) {
            case Trade.TYPE -> TRADES;
            case Quote.TYPE -> QUOTES;
            case BookUpdate.TYPE -> BOOKS;
            case Greeks.TYPE -> GREEKS;
            case Execution.TYPE -> EXECUTIONS;
            case Status.TYPE -> STATUS;
            case Gap.TYPE -> GAPS;
            case Summary.TYPE -> SUMMARIES;
            case FeatureSet.TYPE -> FEATURES;
            case Decision.TYPE -> DECISIONS;
            default -> throw new IllegalStateException("no topic for " + e.type());
        };
    }
}
