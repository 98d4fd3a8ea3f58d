package dev.ticktape.app.push;

import dev.ticktape.model.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a client of {@code GET /v1/stream} can subscribe to: each kind is one topic (bars: one per interval) and one
 * SSE event name.
 */
public enum StreamKind {
    BARS("bars", "bar"),
    QUOTES("quotes", "quote"),
    BOOK("book", "book"),
    /** The topology's accepted Greeks: de-duplicated and in order, unlike the raw {@code md.greeks}. */
    GREEKS("greeks", "greeks"),
    /** Stale-feed alerts (not market events: filtered by venue only). */
    ALERTS("alerts", "alert"),
    /** Rolling summaries of the 1s closes, every window (docs/analytics.md); empty unless summaries are on. */
    SUMMARIES("summaries", "summary"),
    /** Intraday feature sets, one per bar, every interval; empty unless features are on. */
    FEATURES("features", "features"),
    /** Decisions, one per instrument and completed 1s bar; quiet unless {@code --emit-decisions}. */
    DECISIONS("decisions", "decision"),
    /**
     * The gap ledger: every record, so a gap may come several times (open, closed, backfilled) and the last one of
     * an identity holds. {@code symbols} matches the gaps that name a symbol or name none.
     */
    GAPS("gaps", "gap");

    private final String param;
    private final String event;

    StreamKind(String param, String event) {
        this.param = param;
        this.event = event;
    }

    /** The value of {@code kind=}. */
    public String param() {
        return param;
    }

    /** The SSE {@code event:} name of its events. */
    public String event() {
        return event;
    }

    /** The topic to read; {@code interval} matters for bars only ({@code 1s} or {@code 1m}). */
    public String topic(String interval) {
        return switch (this) {
            case BARS -> "1m".equals(interval) ? Topics.BARS_1M : Topics.BARS_1S;
            case QUOTES -> Topics.QUOTES;
            case BOOK -> Topics.BOOKS;
            case GREEKS -> Topics.GREEKS_ACCEPTED;
            case ALERTS -> Topics.ALERTS;
            case SUMMARIES -> Topics.SUMMARIES;
            case FEATURES -> Topics.FEATURES;
            case DECISIONS -> Topics.DECISIONS;
            case GAPS -> Topics.GAPS;
        };
    }

    /** The kinds this process serves, by their parameter value. */
    public static List<String> enabled() {
        return Arrays.stream(values()).map(StreamKind::param).toList();
    }

    /** The kind named by {@code param} (case-insensitive), or null. */
    public static StreamKind parse(String param) {
        String p = param.toLowerCase(Locale.ROOT);
        for (StreamKind k : values()) if (k.param.equals(p)) return k;
        return null;
    }
}
