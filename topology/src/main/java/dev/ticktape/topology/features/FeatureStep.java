package dev.ticktape.topology.features;

import dev.ticktape.model.features.FeatureDefinition;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seven intraday features of docs/analytics.md as one pure step: the state after bar {@code b_{k-1}} and bar
 * {@code b_k} give the state after {@code b_k} and the features of {@code b_k}. A bar of another session than the
 * state's starts from scratch ({@code k = 1}).
 */
final class FeatureStep {
    /** Wilder's RSI is seeded with the mean of the first 14 changes, at {@code k = 15}. */
    static final int RSI_SEED_BARS = 15;

    private static final int RSI_PERIOD = 14;
    /** Momentum, volatility and volume ratio read the 20 bars before {@code b_k}. */
    static final int WINDOW_FEATURE_BARS = FeatureState.WINDOW + 1;

    /** The state after the bar, and its features in catalog order (absent ones left out). */
    record Result(FeatureState state, Map<String, Double> values) {}

    private FeatureStep() {}

    /**
     * @param before       the state after the instrument's previous bar, or null when there is none
     * @param sessionDay   the session of {@code bar}, as an epoch day
     * @param barsPerYear  {@code P} of the session rule and interval, for the volatility
     */
    static Result step(FeatureState before, long sessionDay, BarFields bar, double barsPerYear) {
        FeatureState s = before == null || before.sessionDay() != sessionDay ? FeatureState.open(sessionDay) : before;
        int k = s.count() + 1;
        double c = bar.close();
        boolean first = k == 1;
        double sumPv = s.sumPriceVolume() + bar.price() * bar.volume();
        double sumV = s.sumVolume() + bar.volume();
        double firstOpen = first ? bar.open() : s.firstOpen();
        double high = first ? bar.high() : Math.max(s.high(), bar.high());
        double low = first ? bar.low() : Math.min(s.low(), bar.low());

        double gainSum = s.gainSum();
        double lossSum = s.lossSum();
        double avgGain = s.avgGain();
        double avgLoss = s.avgLoss();
        if (!first) {
            double d = c - s.lastClose();
            double gain = Math.max(d, 0);
            double loss = Math.max(-d, 0);
            if (k <= RSI_SEED_BARS) {
                gainSum += gain;
                lossSum += loss;
                if (k == RSI_SEED_BARS) {
                    avgGain = gainSum / RSI_PERIOD;
                    avgLoss = lossSum / RSI_PERIOD;
                }
            } else {
                avgGain = ((RSI_PERIOD - 1) * avgGain + gain) / RSI_PERIOD;
                avgLoss = ((RSI_PERIOD - 1) * avgLoss + loss) / RSI_PERIOD;
            }
        }

        Map<String, Double> v = new HashMap<>();
        if (sumV > 0) v.put(FeatureDefinition.VWAP, sumPv / sumV);
        v.put(FeatureDefinition.PRICE_TO_OPEN, c / firstOpen - 1);
        v.put(FeatureDefinition.RANGE_POSITION, high == low ? 0.5 : (c - low) / (high - low));
        if (k >= RSI_SEED_BARS) {
            double sum = avgGain + avgLoss;
            v.put(FeatureDefinition.RSI_14, sum == 0 ? 50.0 : 100 * avgGain / sum);
        }
        if (k >= WINDOW_FEATURE_BARS) windowFeatures(s, bar, barsPerYear, v);

        FeatureState after = new FeatureState(
                sessionDay,
                k,
                firstOpen,
                sumPv,
                sumV,
                high,
                low,
                gainSum,
                lossSum,
                avgGain,
                avgLoss,
                slide(s.closes(), c),
                slide(s.volumes(), bar.volume()));
        return new Result(after, inCatalogOrder(v));
    }

    /** Momentum, volatility and volume ratio of {@code b_k}; {@code s} holds {@code b_{k-20} .. b_{k-1}}. */
    private static void windowFeatures(FeatureState s, BarFields bar, double barsPerYear, Map<String, Double> v) {
        double[] closes = s.closes();
        double[] volumes = s.volumes();
        double c = bar.close();
        v.put(FeatureDefinition.MOMENTUM_20, c / closes[0] - 1);
        // The 20 log returns ln(c_i / c_{i-1}), i = k-19..k: 19 inside the window, then the one into c_k.
        double squares = 0;
        for (int i = 1; i < closes.length; i++) {
            double r = Math.log(closes[i] / closes[i - 1]);
            squares += r * r;
        }
        double last = Math.log(c / closes[closes.length - 1]);
        squares += last * last;
        v.put(FeatureDefinition.VOLATILITY_20, Math.sqrt(squares / FeatureState.WINDOW) * Math.sqrt(barsPerYear));
        double volumeSum = 0;
        for (double x : volumes) volumeSum += x;
        double mean = volumeSum / FeatureState.WINDOW;
        if (mean > 0) v.put(FeatureDefinition.VOLUME_RATIO, bar.volume() / mean);
    }

    /** {@code window} plus {@code x} at the end, keeping at most the newest {@link FeatureState#WINDOW}. */
    private static double[] slide(double[] window, double x) {
        int keep = Math.min(window.length, FeatureState.WINDOW - 1);
        double[] out = Arrays.copyOfRange(window, window.length - keep, window.length + 1);
        out[keep] = x;
        return out;
    }

    private static Map<String, Double> inCatalogOrder(Map<String, Double> v) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (FeatureDefinition d : FeatureDefinition.CATALOG) {
            Double x = v.get(d.name());
            // Absurd input (a volume ratio over a denormal mean) could overflow: undefined, not a poisoned record.
            if (x != null && Double.isFinite(x)) out.put(d.name(), x);
        }
        return Collections.unmodifiableMap(out);
    }
}
