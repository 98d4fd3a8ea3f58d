package dev.ticktape.app.plot;

import java.awt.Color;

/** Series colours: one per instrument, the same on every panel, distinct from the grey grid and the shading. */
public final class Palette {
    private static final Color[] COLORS = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75),
        new Color(227, 119, 194),
        new Color(188, 189, 34),
        new Color(23, 190, 207),
        new Color(127, 127, 127)
    };

    private Palette() {}

    /** The colour of the series at {@code index}; colours repeat after ten series. */
    public static Color of(int index) {
        return COLORS[Math.floorMod(index, COLORS.length)];
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
