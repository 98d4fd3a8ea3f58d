package dev.ticktape.model;

/**
 * Option Greeks snapshot. Units: {@code theta} per calendar day, {@code vega} per 1 vol point, {@code iv} as a
 * fraction. Any measure the broker did not send is null. {@code venue} is the broker.
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
        Double mark)
        implements MarketEvent {
    public static final String TYPE = "greeks";

    public Greeks {
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
