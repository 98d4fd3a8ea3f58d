package dev.ticktape.model;

/**
 * Option Greeks snapshot. Units: {@code theta} per calendar day, {@code vega} per 1 vol point, {@code iv} as a
 * fraction. Any measure the broker did not send is null. {@code venue} is the broker. {@code availability} says
 * whether the broker marked the values as live, delayed or frozen (a last known value, possibly days old): only
 * {@link Availability#REALTIME} may be shown as current.
 */
public record Greeks(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        String account,
        OptionContract contract,
        Double delta,
        Double gamma,
        Double theta,
        Double vega,
        Double rho,
        Double iv,
        Double underlyingPrice,
        Double mark,
        Availability availability)
        implements MarketEvent {
    public static final String TYPE = "greeks";

    /** How current the broker says the values are. */
    public enum Availability {
        REALTIME,
        DELAYED,
        FROZEN;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Availability parse(String s) {
            if (s == null) return REALTIME;
            try {
                return valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(RejectReason.INVALID_VALUE, "unknown availability '" + s + "'");
            }
        }
    }

    /** A realtime snapshot. */
    public Greeks(
            String venue,
            String symbol,
            long tsMs,
            long recvMs,
            String account,
            OptionContract contract,
            Double delta,
            Double gamma,
            Double theta,
            Double vega,
            Double rho,
            Double iv,
            Double underlyingPrice,
            Double mark) {
        this(
                venue,
                symbol,
                tsMs,
                recvMs,
                account,
                contract,
                delta,
                gamma,
                theta,
                vega,
                rho,
                iv,
                underlyingPrice,
                mark,
                Availability.REALTIME);
    }

    public Greeks {
        availability = availability == null ? Availability.REALTIME : availability;
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (contract == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'contract'");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
