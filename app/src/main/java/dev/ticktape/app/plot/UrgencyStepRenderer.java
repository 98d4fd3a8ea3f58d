package dev.ticktape.app.plot;

import java.awt.BasicStroke;
import java.awt.Stroke;
import java.util.List;
import org.jfree.chart.renderer.xy.XYStepRenderer;

/**
 * A step renderer whose stroke width follows urgency: {@code 1 + 4 * urgency} pixels. The step renderer draws the
 * level from item {@code i-1} to item {@code i} (and the riser at {@code i}) with item {@code i}'s stroke, so the
 * stroke of item {@code i} is taken from the urgency of decision {@code i-1}, the one that set that level.
 */
final class UrgencyStepRenderer extends XYStepRenderer {
    private static final long serialVersionUID = 1L;
    private static final int STEPS = 16;
    private static final Stroke[] STROKES = new Stroke[STEPS + 1];

    static {
        for (int i = 0; i <= STEPS; i++) STROKES[i] = new BasicStroke(1f + 4f * i / STEPS);
    }

    /** Per series, per item; an item index past the array takes the last urgency. */
    private final transient List<double[]> urgency;

    UrgencyStepRenderer(List<double[]> urgency) {
        this.urgency = urgency;
    }

    @Override
    public Stroke getItemStroke(int series, int item) {
        double[] u = urgency.get(series);
        if (u.length == 0) return STROKES[0];
        double v = u[Math.min(u.length - 1, Math.max(0, item - 1))];
        // Quantised so a long series does not allocate a stroke per segment.
        int step = (int) Math.round(Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v)) * STEPS);
        return STROKES[step];
    }
}
