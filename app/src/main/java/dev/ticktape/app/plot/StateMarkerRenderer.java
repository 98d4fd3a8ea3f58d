package dev.ticktape.app.plot;

import java.awt.Shape;
import java.util.List;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.util.ShapeUtils;

/** Shapes only, picked by the state: a triangle up for +1, down for -1, a diamond for 0. */
final class StateMarkerRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    static final Shape UP = ShapeUtils.createUpTriangle(5f);
    static final Shape DOWN = ShapeUtils.createDownTriangle(5f);
    static final Shape FLAT = ShapeUtils.createDiamond(4f);

    /** Per series, per item: the state at that marker. */
    private final transient List<int[]> states;

    StateMarkerRenderer(List<int[]> states) {
        super(false, true);
        this.states = states;
    }

    @Override
    public Shape getItemShape(int series, int item) {
        return shapeOf(states.get(series)[item]);
    }

    static Shape shapeOf(int state) {
        return state > 0 ? UP : state < 0 ? DOWN : FLAT;
    }
}
