package dev.ticktape.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The rules for an event time in epoch milliseconds.
 *
 * <ul>
 *   <li>{@code ts <= 0} or {@code ts >= }{@value #MAX} (2100-01-01): {@link RejectReason#TIMESTAMP_OUT_OF_RANGE},
 *       which also catches micro- and nanoseconds. Every record checks this ({@link #checkRange}).</li>
 *   <li>{@code 0 < ts < }{@value #SECONDS_BELOW} (before 1973-03-03T09:46:40Z as milliseconds): a time sent in
 *       seconds, {@link RejectReason#TIMESTAMP_IN_SECONDS}. No market data is that old, while every date from 1973 to
 *       5138 written in seconds falls here (1,700,000,000 is 2023-11-14 in seconds but 1970-01-20 in milliseconds,
 *       and would otherwise be accepted and only show up as very late). A number with a fraction in this range
 *       ({@code time.time()}) is the same mistake. This is a rule for what comes from outside, so the decoder
 *       applies it ({@link #check}) to every line and record it reads: the gateway, records typed into a console
 *       producer and the sinks all refuse the same values. Records built in code (adapters convert venue units
 *       themselves; tests use small clocks) are held to the range only.</li>
 * </ul>
 */
public final class EpochMillis {
    /** 2100-01-01T00:00:00Z: anything later is a unit mistake (micros or nanos sent as millis). */
    public static final long MAX = 4_102_444_800_000L;

    /** 1973-03-03T09:46:40Z in milliseconds; a smaller positive value is taken for seconds. */
    public static final long SECONDS_BELOW = 100_000_000_000L;

    private EpochMillis() {}

    /** {@code ts} if it is a plausible epoch-millisecond time from outside, else an {@link InvalidEventException}. */
    public static long check(String field, long ts) {
        if (ts > 0 && ts < SECONDS_BELOW) throw inSeconds(field, Long.toString(ts), ts);
        return checkRange(field, ts);
    }

    /** {@code ts} if it lies in (1970, 2100), else {@link RejectReason#TIMESTAMP_OUT_OF_RANGE}. */
    public static long checkRange(String field, long ts) {
        if (ts <= 0 || ts >= MAX) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    field + " must be epoch milliseconds between 1970 and 2100, got " + ts);
        }
        return ts;
    }

    /**
     * The error for a time given as a number that is not an integer: seconds with a fraction get the seconds hint,
     * anything else is {@link RejectReason#WRONG_TYPE}.
     */
    public static InvalidEventException notAnInteger(String field, double v) {
        if (v > 0 && v < SECONDS_BELOW) {
            return inSeconds(field, BigDecimal.valueOf(v).toPlainString(), (long) v);
        }
        return new InvalidEventException(RejectReason.WRONG_TYPE, field + " must be an integer");
    }

    private static InvalidEventException inSeconds(String field, String given, long seconds) {
        String date = seconds < MAX / 1000 ? " (" + Instant.ofEpochSecond(seconds) + " as seconds)" : "";
        return new InvalidEventException(
                RejectReason.TIMESTAMP_IN_SECONDS,
                field + " " + given + " looks like seconds" + date + "; send epoch milliseconds (x1000)");
    }
}
