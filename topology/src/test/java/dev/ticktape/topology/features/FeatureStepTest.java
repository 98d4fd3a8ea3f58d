package dev.ticktape.topology.features;

import static dev.ticktape.model.features.FeatureDefinition.MOMENTUM_20;
import static dev.ticktape.model.features.FeatureDefinition.PRICE_TO_OPEN;
import static dev.ticktape.model.features.FeatureDefinition.RANGE_POSITION;
import static dev.ticktape.model.features.FeatureDefinition.RSI_14;
import static dev.ticktape.model.features.FeatureDefinition.VOLATILITY_20;
import static dev.ticktape.model.features.FeatureDefinition.VOLUME_RATIO;
import static dev.ticktape.model.features.FeatureDefinition.VWAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The step function against hand-computed values; each expected value's arithmetic is in its comment. */
class FeatureStepTest {
    private static final long DAY = 20_514; // 2026-03-02
    private static final double P_UTC_1M = 525_600;
    private static final Offset<Double> EPS = within(1e-9);

    private static BarFields bar(double o, double h, double l, double c, double v, Double vwap) {
        return new BarFields(o, h, l, c, v, vwap, 0);
    }

    private static BarFields flat(double c, double v) {
        return bar(c, c, c, c, v, null);
    }

    /** Steps through {@code bars} in one session; the values of each bar, in order. */
    private static List<Map<String, Double>> run(List<BarFields> bars) {
        List<Map<String, Double>> out = new ArrayList<>();
        FeatureState s = null;
        for (BarFields b : bars) {
            FeatureStep.Result r = FeatureStep.step(s, DAY, b, P_UTC_1M);
            out.add(r.values());
            s = r.state();
        }
        return out;
    }

    @Test
    void vwapPriceToOpenAndRangePositionOverThreeBars() {
        List<Map<String, Double>> v = run(List.of(
                bar(10, 12, 9, 11, 100, 10.5),
                bar(11, 15, 10, 14, 300, null), // no vwap: p = close = 14
                bar(14, 14, 8, 8, 100, 9.0)));

        // b1: vwap 10.5*100/100 = 10.5; c/o1 - 1 = 11/10 - 1 = 0.1; (11 - 9)/(12 - 9) = 2/3
        assertThat(v.get(0)).containsOnlyKeys(VWAP, PRICE_TO_OPEN, RANGE_POSITION);
        assertThat(v.get(0).get(VWAP)).isCloseTo(10.5, EPS);
        assertThat(v.get(0).get(PRICE_TO_OPEN)).isCloseTo(0.1, EPS);
        assertThat(v.get(0).get(RANGE_POSITION)).isCloseTo(2.0 / 3, EPS);
        // b2: (1050 + 14*300)/400 = 5250/400 = 13.125; 14/10 - 1 = 0.4; H=15, L=9: (14 - 9)/6 = 5/6
        assertThat(v.get(1).get(VWAP)).isCloseTo(13.125, EPS);
        assertThat(v.get(1).get(PRICE_TO_OPEN)).isCloseTo(0.4, EPS);
        assertThat(v.get(1).get(RANGE_POSITION)).isCloseTo(5.0 / 6, EPS);
        // b3: (5250 + 9*100)/500 = 6150/500 = 12.3; 8/10 - 1 = -0.2; H=15, L=8: (8 - 8)/7 = 0
        assertThat(v.get(2).get(VWAP)).isCloseTo(12.3, EPS);
        assertThat(v.get(2).get(PRICE_TO_OPEN)).isCloseTo(-0.2, EPS);
        assertThat(v.get(2).get(RANGE_POSITION)).isCloseTo(0.0, EPS);
    }

    @Test
    void valuesFollowCatalogOrder() {
        List<BarFields> bars = new ArrayList<>();
        for (int i = 1; i <= 21; i++) bars.add(bar(100, 101, 99, 100 + (i % 2), i, null));
        // catalog: vwap, rsi_14, momentum_20, volatility_20, volume_ratio, price_to_open, range_position
        assertThat(run(bars).get(20).keySet())
                .containsExactly(VWAP, RSI_14, MOMENTUM_20, VOLATILITY_20, VOLUME_RATIO, PRICE_TO_OPEN, RANGE_POSITION);
    }

    @Test
    void vwapAbsentWhileSessionVolumeIsZero() {
        List<Map<String, Double>> v = run(List.of(flat(10, 0), bar(10, 12, 10, 12, 5, null)));

        assertThat(v.get(0)).doesNotContainKey(VWAP).containsKeys(PRICE_TO_OPEN, RANGE_POSITION);
        // (10*0 + 12*5)/(0 + 5) = 12
        assertThat(v.get(1).get(VWAP)).isCloseTo(12.0, EPS);
    }

    @Test
    void rangePositionIsHalfOnFlatPricesAndFirstBarUsesItsOwnRange() {
        List<Map<String, Double>> flatSession = run(List.of(flat(10, 1), flat(10, 1)));
        // H = L = 10: zero range -> 0.5
        assertThat(flatSession.get(0).get(RANGE_POSITION)).isEqualTo(0.5);
        assertThat(flatSession.get(1).get(RANGE_POSITION)).isEqualTo(0.5);

        FeatureState yesterday = FeatureStep.step(null, DAY - 1, bar(20, 40, 5, 30, 1, null), P_UTC_1M)
                .state();
        Map<String, Double> first = FeatureStep.step(yesterday, DAY, bar(10, 11, 9, 10.5, 1, null), P_UTC_1M)
                .values();
        // Only today's bar: H=11, L=9: (10.5 - 9)/(11 - 9) = 0.75 (with yesterday's 40/5 it would be 0.157);
        // o1 = 10: 10.5/10 - 1 = 0.05
        assertThat(first.get(RANGE_POSITION)).isCloseTo(0.75, EPS);
        assertThat(first.get(PRICE_TO_OPEN)).isCloseTo(0.05, EPS);
    }

    @Test
    void wilderRsiFromTheFifteenthBar() {
        // c1 = 100, then changes +2, -1 seven times each: 102, 101, 103, 102, ..., c14 = 108, c15 = 107.
        List<BarFields> bars = new ArrayList<>();
        double c = 100;
        bars.add(flat(c, 1));
        for (int i = 2; i <= 15; i++) {
            c += i % 2 == 0 ? 2 : -1;
            bars.add(flat(c, 1));
        }
        assertThat(c).isEqualTo(107);
        bars.add(flat(110, 1)); // c16: +3
        bars.add(flat(108, 1)); // c17: -2
        bars.add(flat(108, 1)); // c18: 0
        List<Map<String, Double>> v = run(bars);

        assertThat(v.get(13)).doesNotContainKey(RSI_14); // k = 14
        // k = 15: AG = (7*2)/14 = 1, AD = (7*1)/14 = 0.5; RSI = 100*1/1.5 = 66.667
        assertThat(v.get(14).get(RSI_14)).isCloseTo(100.0 / 1.5, EPS);
        // k = 16, G = 3: AG = (13*1 + 3)/14 = 16/14, AD = (13*0.5 + 0)/14 = 6.5/14; RSI = 100*16/22.5 = 71.111
        assertThat(v.get(15).get(RSI_14)).isCloseTo(100.0 * 16 / 22.5, EPS);
        // k = 17, D = 2: AG = 13*(16/14)/14 = 208/196, AD = (13*6.5/14 + 2)/14 = (84.5 + 28)/196 = 112.5/196;
        // RSI = 100*208/320.5 = 64.899
        assertThat(v.get(16).get(RSI_14)).isCloseTo(100.0 * 208 / 320.5, EPS);
        // k = 18, no change: AG and AD both scale by 13/14, so the RSI stays 100*208/320.5
        assertThat(v.get(17).get(RSI_14)).isCloseTo(100.0 * 208 / 320.5, EPS);
    }

    @Test
    void flatPricesGiveRsiFiftyAndZeroMomentumAndVolatility() {
        List<BarFields> bars = new ArrayList<>();
        for (int i = 0; i < 21; i++) bars.add(flat(100, 10));
        List<Map<String, Double>> v = run(bars);

        // AG + AD = 0 -> 50
        assertThat(v.get(14).get(RSI_14)).isEqualTo(50.0);
        assertThat(v.get(20).get(RSI_14)).isEqualTo(50.0);
        // 100/100 - 1 = 0; every ln(100/100) = 0; 10 / mean(10 x 20) = 1
        assertThat(v.get(20).get(MOMENTUM_20)).isEqualTo(0.0);
        assertThat(v.get(20).get(VOLATILITY_20)).isEqualTo(0.0);
        assertThat(v.get(20).get(VOLUME_RATIO)).isEqualTo(1.0);
    }

    /** Closes with log returns r_i = +0.02 (i even), -0.01 (i odd) from c1 = 100; volumes v_i = i. */
    private static List<BarFields> zigzag(int n) {
        List<BarFields> bars = new ArrayList<>();
        double logClose = Math.log(100);
        for (int i = 1; i <= n; i++) {
            if (i > 1) logClose += i % 2 == 0 ? 0.02 : -0.01;
            bars.add(flat(Math.exp(logClose), i));
        }
        return bars;
    }

    @Test
    void twentyBarFeaturesFromTheTwentyFirstBar() {
        List<Map<String, Double>> v = run(zigzag(22));

        assertThat(v.get(19)).doesNotContainKeys(MOMENTUM_20, VOLATILITY_20, VOLUME_RATIO); // k = 20
        // k = 21: r_2..r_21 = ten +0.02 and ten -0.01.
        // momentum: c21/c1 = exp(10*0.02 - 10*0.01) = exp(0.1) -> exp(0.1) - 1 = 0.10517
        assertThat(v.get(20).get(MOMENTUM_20)).isCloseTo(Math.exp(0.1) - 1, EPS);
        // volatility: sqrt((10*0.0004 + 10*0.0001)/20) * sqrt(525600) = sqrt(0.00025 * 525600) = sqrt(131.4)
        assertThat(v.get(20).get(VOLATILITY_20)).isCloseTo(Math.sqrt(131.4), EPS);
        // volume ratio: 21 / ((1 + ... + 20)/20) = 21 / 10.5 = 2
        assertThat(v.get(20).get(VOLUME_RATIO)).isCloseTo(2.0, EPS);
        // k = 22: r_3..r_22 again ten of each: same volatility, c22/c2 = exp(0.1);
        // volume: 22 / ((2 + ... + 21)/20) = 22 / (230/20) = 22/11.5
        assertThat(v.get(21).get(MOMENTUM_20)).isCloseTo(Math.exp(0.1) - 1, EPS);
        assertThat(v.get(21).get(VOLATILITY_20)).isCloseTo(Math.sqrt(131.4), EPS);
        assertThat(v.get(21).get(VOLUME_RATIO)).isCloseTo(22 / 11.5, EPS);
    }

    @Test
    void volatilityScalesWithTheRulesBarsPerYear() {
        FeatureState s = null;
        Map<String, Double> values = null;
        for (BarFields b : zigzag(21)) {
            FeatureStep.Result r = FeatureStep.step(s, DAY, b, 98_280); // us-equity, 1m: 252*23400/60
            s = r.state();
            values = r.values();
        }
        // sqrt(0.00025 * 98280) = sqrt(24.57)
        assertThat(values.get(VOLATILITY_20)).isCloseTo(Math.sqrt(24.57), EPS);
    }

    @Test
    void volumeRatioAbsentWhenTheTwentyBeforeHadNoVolume() {
        List<BarFields> bars = new ArrayList<>();
        for (int i = 0; i < 20; i++) bars.add(flat(100, 0));
        bars.add(flat(100, 5));
        Map<String, Double> k21 = run(bars).get(20);

        assertThat(k21).doesNotContainKey(VOLUME_RATIO).containsKeys(MOMENTUM_20, VOLATILITY_20);
        assertThat(k21.get(VWAP)).isCloseTo(100.0, EPS); // only b21 has volume: 100*5/5
    }

    @Test
    void newSessionResetsEveryRunningValue() {
        FeatureState s = null;
        for (BarFields b : zigzag(21)) s = FeatureStep.step(s, DAY, b, P_UTC_1M).state();
        assertThat(s.count()).isEqualTo(21);

        FeatureStep.Result next = FeatureStep.step(s, DAY + 1, bar(50, 60, 40, 55, 4, 52.0), P_UTC_1M);

        assertThat(next.state())
                .isEqualTo(new FeatureState(
                        DAY + 1, 1, 50, 52.0 * 4, 4, 60, 40, 0, 0, 0, 0, new double[] {55}, new double[] {4}));
        // 55/50 - 1 = 0.1; (55 - 40)/(60 - 40) = 0.75; vwap = 52
        assertThat(next.values()).containsOnlyKeys(VWAP, PRICE_TO_OPEN, RANGE_POSITION);
        assertThat(next.values().get(PRICE_TO_OPEN)).isCloseTo(0.1, EPS);
        assertThat(next.values().get(RANGE_POSITION)).isCloseTo(0.75, EPS);
        assertThat(next.values().get(VWAP)).isCloseTo(52.0, EPS);
    }

    @Test
    void stateKeepsOnlyTheLastTwentyClosesAndVolumes() {
        FeatureState s = null;
        List<BarFields> bars = zigzag(23);
        for (BarFields b : bars) s = FeatureStep.step(s, DAY, b, P_UTC_1M).state();

        assertThat(s.count()).isEqualTo(23);
        assertThat(s.closes())
                .hasSize(20)
                .startsWith(bars.get(3).close())
                .endsWith(bars.get(22).close());
        assertThat(s.volumes()).hasSize(20).startsWith(4.0).endsWith(23.0);
    }
}
