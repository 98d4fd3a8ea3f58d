package dev.ticktape.app.plot;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Reads a series back from chart pixels: where in each column the series colour is. */
final class PixelScan {
    private final BufferedImage image;
    private final Rectangle2D area;

    PixelScan(BufferedImage image, Rectangle2D area) {
        this.image = image;
        this.area = area;
    }

    /** The rows of one column, inside the area, whose colour is near {@code c}: {min, max, count}, or null. */
    int[] rows(int x, Color c) {
        int min = Integer.MAX_VALUE;
        int max = -1;
        int count = 0;
        for (int y = (int) Math.ceil(area.getMinY()); y < (int) Math.floor(area.getMaxY()); y++) {
            if (near(image.getRGB(x, y), c)) {
                min = Math.min(min, y);
                max = Math.max(max, y);
                count++;
            }
        }
        return count == 0 ? null : new int[] {min, max, count};
    }

    /** Pixels near {@code c} in the area's rows {@code [y0, y1)}. */
    int count(Color c, int y0, int y1) {
        int n = 0;
        for (int x = (int) Math.ceil(area.getMinX()); x < (int) Math.floor(area.getMaxX()); x++) {
            for (int y = Math.max(y0, (int) Math.ceil(area.getMinY()));
                    y < Math.min(y1, (int) Math.floor(area.getMaxY()));
                    y++) {
                if (near(image.getRGB(x, y), c)) n++;
            }
        }
        return n;
    }

    /** Close in RGB: tolerates antialiased edges, but not the greys of the grid or another palette colour. */
    static boolean near(int rgb, Color c) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int dr = r - c.getRed();
        int dg = g - c.getGreen();
        int db = b - c.getBlue();
        return dr * dr + dg * dg + db * db < 40 * 40;
    }

    /** The pixel row of a value on a linear axis drawn over the area, top = {@code upper}. */
    static double yOf(double value, double lower, double upper, Rectangle2D area) {
        return area.getMinY() + (upper - value) / (upper - lower) * area.getHeight();
    }

    /** The pixel column of a time on the chart's time axis. */
    static double xOf(long tsMs, RenderedChart chart, Rectangle2D area) {
        return area.getMinX()
                + (tsMs - chart.domainLower()) / (chart.domainUpper() - chart.domainLower()) * area.getWidth();
    }
}
