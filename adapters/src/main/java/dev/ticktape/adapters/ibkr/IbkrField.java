package dev.ticktape.adapters.ibkr;

import java.util.Arrays;
import java.util.List;

/**
 * The market-data fields of the gateway's {@code smd} topic this adapter requests. Only {@link IbkrParser} reads
 * them from a frame (by {@link #id}); the request builds its field list from {@link #OPTION} and {@link #UNDERLYING}.
 */
enum IbkrField {
    LAST("31"),
    BID("84"),
    ASK("86"),
    DELTA("7308"),
    GAMMA("7309"),
    THETA("7310"),
    VEGA("7311"),
    /** This option's implied volatility, in percent (7283 would be the underlying's 30-day IV: not wanted). */
    IMPLIED_VOL("7633"),
    MARK("7635"),
    /** Market-data availability code, a string ({@code N...} not subscribed, {@code O...} incomplete). */
    AVAILABILITY("6509");

    /** Field ids requested for an option. */
    static final List<String> OPTION = ids(LAST, BID, ASK, DELTA, GAMMA, THETA, VEGA, IMPLIED_VOL, MARK, AVAILABILITY);
    /** Field ids requested for an underlying. */
    static final List<String> UNDERLYING = ids(LAST, BID, ASK, AVAILABILITY);

    private final String id;

    IbkrField(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** The field with venue id {@code id}, or null for fields this adapter does not use. */
    static IbkrField byId(String id) {
        for (IbkrField f : values()) {
            if (f.id.equals(id)) return f;
        }
        return null;
    }

    private static List<String> ids(IbkrField... fields) {
        return Arrays.stream(fields).map(IbkrField::id).toList();
    }
}
