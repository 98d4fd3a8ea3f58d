package dev.ticktape.venuesim;

/** Binance decimal text: fixed 8 decimals, as Spot pads prices and quantities. */
final class SimFormat {
    private SimFormat() {}

    /** Price in ticks of 0.01 -> {@code "94210.55000000"}. */
    static String price(long ticks) {
        long frac = ticks % 100;
        return (ticks / 100) + "." + (frac < 10 ? "0" : "") + frac + "000000";
    }

    /** Quantity in lots of 1e-8 -> {@code "0.01270000"}. */
    static String qty(long lots) {
        String frac = Long.toString(lots % 100_000_000);
        return (lots / 100_000_000) + "." + "00000000".substring(frac.length()) + frac;
    }
}
