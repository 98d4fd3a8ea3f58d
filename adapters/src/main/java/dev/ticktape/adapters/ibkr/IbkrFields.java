package dev.ticktape.adapters.ibkr;

import java.util.List;

/** Market-data field ids of the gateway's {@code smd} topic that this adapter requests. */
final class IbkrFields {
    static final String LAST = "31";
    static final String BID = "84";
    static final String ASK = "86";
    static final String DELTA = "7308";
    static final String GAMMA = "7309";
    static final String THETA = "7310";
    static final String VEGA = "7311";
    /** This option's implied volatility, in percent (7283 would be the underlying's 30-day IV: not wanted). */
    static final String IMPLIED_VOL_PCT = "7633";
    static final String MARK = "7635";
    static final String AVAILABILITY = "6509";

    static final List<String> OPTION = List.of(LAST, BID, ASK, DELTA, GAMMA, THETA, VEGA, IMPLIED_VOL_PCT, MARK,
            AVAILABILITY);
    static final List<String> UNDERLYING = List.of(LAST, BID, ASK, AVAILABILITY);

    private IbkrFields() {}
}
