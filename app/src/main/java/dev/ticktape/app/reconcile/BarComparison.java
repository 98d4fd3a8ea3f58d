package dev.ticktape.app.reconcile;

import dev.ticktape.model.Bar;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares our bar with the venue's, field by field, with stated tolerances. Pure.
 *
 * <ul>
 *   <li>open, high, low, close: relative difference at most {@value #PRICE_REL}. Both sides parse the venue's own
 *       decimal text to the nearest double, so equal prices are equal doubles; 1e-9 is far below any tick (a 0.01
 *       tick on a 94 000 price is 1e-7 relative), so this is "exact to the tick".
 *   <li>volume: relative difference at most {@value #VOLUME_REL}: ours is a double sum of up to thousands of
 *       8-decimal quantities (rounding error around 1e-13 relative), the venue's a decimal; one missing lot of
 *       1e-8 on a volume above 1 is still caught when the trade count is not.
 *   <li>trades: exact.
 * </ul>
 *
 * VWAP is reported on both sides but not compared: the venues compute it from their own (rounded, Polygon: 4
 * decimals) figures, so it adds nothing the volume and prices do not already show.
 */
public final class BarComparison {
    public static final double PRICE_REL = 1e-9;
    public static final double VOLUME_REL = 1e-8;

    /** The outcome; {@code fields} lists the differing fields in the order open, high, low, close, volume, trades. */
    public record Verdict(ReconStatus status, List<String> fields) {
        public Verdict {
            fields = List.copyOf(fields);
        }
    }

    private BarComparison() {}

    /**
     * The verdict on one window, or null when there is nothing to record: neither side has a bar, or the venue's
     * bar has no trades (a quiet interval the venue fills with the last price) and we have none either.
     */
    public static Verdict compare(Bar ours, Bar theirs) {
        if (ours == null && (theirs == null || theirs.trades() == 0)) return null;
        if (ours == null) return new Verdict(ReconStatus.MISSING_OURS, List.of());
        if (theirs == null) return new Verdict(ReconStatus.MISSING_THEIRS, List.of());
        List<String> differing = new ArrayList<>();
        if (!close(ours.open(), theirs.open(), PRICE_REL)) differing.add("open");
        if (!close(ours.high(), theirs.high(), PRICE_REL)) differing.add("high");
        if (!close(ours.low(), theirs.low(), PRICE_REL)) differing.add("low");
        if (!close(ours.close(), theirs.close(), PRICE_REL)) differing.add("close");
        if (!close(ours.volume(), theirs.volume(), VOLUME_REL)) differing.add("volume");
        if (ours.trades() != theirs.trades()) differing.add("trades");
        return new Verdict(differing.isEmpty() ? ReconStatus.MATCHED : ReconStatus.MISMATCHED, differing);
    }

    static boolean close(double a, double b, double rel) {
        if (a == b) return true;
        return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
    }
}
