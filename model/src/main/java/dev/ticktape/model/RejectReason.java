package dev.ticktape.model;

import java.util.Locale;

/**
 * Why an input line or record was refused. The lower-case {@link #code()} is what appears in
 * {@code md.dlq} records and in the {@code reason} tag of rejection metrics, so it is part of the contract.
 */
public enum RejectReason {
    INVALID_UTF8,
    LINE_TOO_LONG,
    INVALID_JSON,
    NOT_AN_OBJECT,
    UNKNOWN_TYPE,
    MISSING_FIELD,
    WRONG_TYPE,
    NON_FINITE,
    NEGATIVE,
    NON_POSITIVE_PRICE,
    INVALID_SYMBOL,
    INVALID_VENUE,
    TIMESTAMP_OUT_OF_RANGE,
    /** A positive time too small to be epoch milliseconds: sent in seconds (see {@link EpochMillis}). */
    TIMESTAMP_IN_SECONDS,
    NOT_SECOND_ALIGNED,
    INCONSISTENT_OHLC,
    INVALID_VALUE;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** Stable snake_case identifier used in DLQ records and metric tags. */
    public String code() {
        return code;
    }
}
