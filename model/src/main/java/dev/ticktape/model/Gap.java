package dev.ticktape.model;

import java.util.List;
import java.util.Locale;

/**
 * One interval in which a feed may have missed data: a ledger record on {@code md.gaps}. {@code symbol} names the
 * connection (as in {@link Status}), {@code tsMs} is the first millisecond that may be missing and {@code toMs} the
 * end (exclusive), or null while the gap is still open (a feed that is down right now). {@code instruments} lists
 * the symbols affected; empty means every instrument the connection carries.
 *
 * <p>A gap is identified by {@code (venue, connection, ts_ms, cause)}: a later record with the same identity
 * replaces the earlier one (an open gap closing, a gap being backfilled), so consumers keep the last.
 */
public record Gap(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        Long toMs,
        List<String> instruments,
        Cause cause,
        Recovery recovery,
        long recovered,
        String detail)
        implements MarketEvent {
    public static final String TYPE = "gap";

    /** Why data may be missing. */
    public enum Cause {
        /** The connection was down: from the disconnect to the next subscribed message flow. */
        DISCONNECT,
        /** A venue's trade sequence jumped (trade ids): trades may be missing. */
        SEQUENCE_GAP,
        /** An order book's update ids jumped (Binance depth {@code U}/{@code u}): book updates, not trades, missing. */
        BOOK_SEQUENCE_GAP,
        /** An order book was resynchronised from a snapshot: book updates, not trades, may be missing. */
        BOOK_RESYNC,
        /** The connection was up but delivered nothing for longer than the stale threshold. */
        STALE_FEED,
        /** The venue refused a subscription. */
        SUBSCRIPTION_ERROR,
        /** The venue reported a market-data outage. */
        VENUE_OUTAGE,
        /** A producer connection to the NDJSON gateway dropped in the middle of a line. */
        PRODUCER_DROP;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether trades (and so bars) may be missing, rather than only order-book updates. */
        public boolean affectsTrades() {
            return this != BOOK_SEQUENCE_GAP && this != BOOK_RESYNC;
        }

        public static Cause parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new InvalidEventException(RejectReason.INVALID_VALUE, "unknown gap cause '" + s + "'");
            }
        }
    }

    /** What was done about the missing data. */
    public enum Recovery {
        /** Nothing recovered (yet). */
        NONE,
        /** Some of the interval was fetched again from the venue's REST API. */
        PARTIAL,
        /** The whole interval was fetched again from the venue's REST API. */
        BACKFILLED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Recovery parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new InvalidEventException(RejectReason.INVALID_VALUE, "unknown gap recovery '" + s + "'");
            }
        }
    }

    public Gap {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (toMs != null && toMs < tsMs) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "to_ms " + toMs + " is before ts_ms " + tsMs);
        }
        if (cause == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'cause'");
        recovery = recovery == null ? Recovery.NONE : recovery;
        if (recovered < 0) throw new InvalidEventException(RejectReason.NEGATIVE, "recovered is negative");
        instruments = instruments == null ? List.of() : List.copyOf(instruments);
        for (String s : instruments) Checks.symbol(s);
    }

    /** An open gap from {@code fromMs}: no end yet, nothing recovered. */
    public static Gap open(
            String venue, String connection, long fromMs, List<String> instruments, Cause cause, String detail) {
        return new Gap(venue, connection, fromMs, fromMs, null, instruments, cause, Recovery.NONE, 0, detail);
    }

    /** This gap closed at {@code endMs} with the given recovery. */
    public Gap closed(long endMs, long nowMs, Recovery how, long count) {
        return new Gap(venue, symbol, tsMs, nowMs, Math.max(endMs, tsMs), instruments, cause, how, count, detail);
    }

    public boolean isOpen() {
        return toMs == null;
    }

    /** True when the gap covers every instrument of its connection. */
    public boolean allInstruments() {
        return instruments.isEmpty();
    }

    /** Whether {@code [fromMs, toMs)} overlaps this gap for {@code instrument}. */
    public boolean overlaps(String instrument, long fromMs, long toMsExclusive) {
        if (!allInstruments() && !instruments.contains(instrument)) return false;
        long end = toMs == null ? Long.MAX_VALUE : toMs;
        return fromMs < end && toMsExclusive > tsMs;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
