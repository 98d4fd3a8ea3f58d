package dev.ticktape.model;

import java.util.Collection;
import java.util.Locale;

/**
 * How complete a stored bar is. A bar without trades has no row at all ("there were no trades"); a bar whose
 * interval overlaps an unrecovered gap is {@link #FEED_GAP} ("we may not know everything"): its volume and trade
 * count are a lower bound.
 */
public enum Coverage {
    /** No known gap overlaps the bar and no late trade changed it. */
    COMPLETE,
    /** The bar's interval overlaps a gap of its feed that was not (fully) recovered. */
    FEED_GAP,
    /** The bar's interval overlapped a gap that was backfilled from the venue's REST API. */
    BACKFILLED,
    /** Late trades changed the bar after its first emission (revision above 0). */
    REVISED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Coverage parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * The coverage of the bar {@code [fromMs, toMs)} of {@code symbol} given its revision and the gaps of its venue.
     * An unrecovered gap outranks a backfilled one, which outranks a revision. Gaps of the order book only
     * ({@link Gap.Cause#affectsTrades()} false) do not touch a bar.
     */
    public static Coverage of(String symbol, long fromMs, long toMs, int revision, Collection<Gap> gaps) {
        boolean backfilled = false;
        for (Gap g : gaps) {
            if (!g.cause().affectsTrades() || !g.overlaps(symbol, fromMs, toMs)) continue;
            if (g.recovery() != Gap.Recovery.BACKFILLED) return FEED_GAP;
            backfilled = true;
        }
        if (backfilled) return BACKFILLED;
        return revision > 0 ? REVISED : COMPLETE;
    }
}
