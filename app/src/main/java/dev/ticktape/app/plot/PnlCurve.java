package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import java.util.List;

/**
 * The notional PnL of holding each decision's target exposure until the next decision, valued at the decisions'
 * bar closes, net of the estimated fees and slippage, in return units (0.01 = 1% of the notional):
 *
 * <pre>
 *   pnl[0] = -cost[0] / close[0]
 *   pnl[i] = pnl[i-1] + target[i-1] * (close[i] - close[i-1]) / close[i-1] - cost[i] / close[i]
 * </pre>
 *
 * The cost field is already {@code |delta| * close * (fee_rate + slippage)}, so {@code cost / close} is the
 * change's cost per unit of notional; it is 0 for decisions that changed nothing. This values target exposure,
 * not executions: no fills, no partial sizing, no intrabar prices.
 */
public final class PnlCurve {
    private PnlCurve() {}

    /** The cumulative PnL after each decision of one instrument, in bar order. */
    public static double[] of(List<Decision> decisions) {
        double[] pnl = new double[decisions.size()];
        double acc = 0;
        Decision prev = null;
        for (int i = 0; i < pnl.length; i++) {
            Decision d = decisions.get(i);
            // A non-positive close cannot give a return; the bar adds nothing rather than infinity.
            if (prev != null && prev.close() > 0) {
                acc += prev.targetExposure() * (d.close() - prev.close()) / prev.close();
            }
            if (d.close() > 0) acc -= d.cost() / d.close();
            pnl[i] = acc;
            prev = d;
        }
        return pnl;
    }
}
