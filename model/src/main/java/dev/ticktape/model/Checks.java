package dev.ticktape.model;

/** Field validation shared by the event records' compact constructors. */
final class Checks {
    private Checks() {}

    /** A venue label, {@code [a-z0-9][a-z0-9_.-]{0,31}}: checked per character (every event is checked). */
    static String venue(String venue) {
        if (venue == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'venue'");
        if (!isVenue(venue)) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VENUE,
                    "venue must match [a-z0-9][a-z0-9_.-]{0,31}, got '" + abbreviate(venue) + "'");
        }
        return venue;
    }

    private static boolean isVenue(String s) {
        int n = s.length();
        if (n == 0 || n > 32 || !isLowerAlnum(s.charAt(0))) return false;
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!isLowerAlnum(c) && c != '_' && c != '.' && c != '-') return false;
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    static String symbol(String symbol) {
        if (symbol == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'symbol'");
        int n = symbol.length();
        if (n == 0 || n > 64) {
            throw new InvalidEventException(RejectReason.INVALID_SYMBOL, "symbol must have 1..64 characters");
        }
        for (int i = 0; i < n; i++) {
            char c = symbol.charAt(i);
            // Upper-case only: the venue-normalized form. Lower case letters are upper-cased by the decoder.
            if (c <= ' ' || c >= 0x7f || (c >= 'a' && c <= 'z')) {
                throw new InvalidEventException(
                        RejectReason.INVALID_SYMBOL,
                        "symbol must be printable ASCII without spaces, upper case: '" + abbreviate(symbol) + "'");
            }
        }
        return symbol;
    }

    static long timestamp(String field, long ts) {
        return EpochMillis.checkRange(field, ts);
    }

    static double nonNegative(String field, double v) {
        if (!Double.isFinite(v)) throw new InvalidEventException(RejectReason.NON_FINITE, field + " is not finite");
        if (v < 0) throw new InvalidEventException(RejectReason.NEGATIVE, field + " is negative: " + v);
        return v;
    }

    /** A price: finite and above 0 (a negative price is a bad price, not a negative quantity). */
    static double positive(String field, double v) {
        if (!Double.isFinite(v)) throw new InvalidEventException(RejectReason.NON_FINITE, field + " is not finite");
        if (v <= 0) throw new InvalidEventException(RejectReason.NON_POSITIVE_PRICE, field + " must be > 0, got " + v);
        return v;
    }

    /** Optional double: null stays null, otherwise it must be finite. */
    static Double finiteOrNull(String field, Double v) {
        if (v != null && !Double.isFinite(v)) {
            throw new InvalidEventException(RejectReason.NON_FINITE, field + " is not finite");
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
