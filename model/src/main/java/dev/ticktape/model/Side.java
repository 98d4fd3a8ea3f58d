package dev.ticktape.model;

import java.util.Locale;

/** Aggressor side of a trade, or side of an execution. */
public enum Side {
    BUY,
    SELL;

    private final String json = name().toLowerCase(Locale.ROOT);

    public String json() {
        return json;
    }

    public static Side parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "buy", "b" -> BUY;
            case "sell", "s" -> SELL;
            default ->
                throw new InvalidEventException(
                        RejectReason.INVALID_VALUE, "side must be buy or sell, got '" + Checks.abbreviate(s) + "'");
        };
    }
}
