package dev.ticktape.app.plot;

/**
 * How the chart looks: its size in pixels and the optional layers.
 *
 * @param width            image width in pixels
 * @param height           image height in pixels
 * @param showState        mark the state (-1, 0, +1) where it changes, on the exposure panel
 * @param urgencyThickness draw each exposure level as thick as the urgency of the decision that set it
 * @param posture          shade the periods in {@code OBSERVE} posture (exposure gate closed)
 */
public record ChartStyle(int width, int height, boolean showState, boolean urgencyThickness, boolean posture) {
    public static final int MIN_SIDE = 200;
    public static final int MAX_SIDE = 10_000;

    public ChartStyle {
        if (width < MIN_SIDE || width > MAX_SIDE || height < MIN_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("--width and --height must be between " + MIN_SIDE + " and " + MAX_SIDE
                    + " pixels, got " + width + "x" + height);
        }
    }

    public static ChartStyle plain(int width, int height) {
        return new ChartStyle(width, height, false, false, false);
    }
}
