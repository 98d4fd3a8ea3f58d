package dev.ticktape.topology.features;

import java.util.Arrays;

/**
 * The running state of one instrument's session after its bar {@code b_k}: everything the next bar's features
 * need, so the store can resume from any bar without reading the ones before it.
 *
 * @param sessionDay     the session date as an epoch day
 * @param count          {@code k}, the bars of the session so far (present bars: a minute without trades is none)
 * @param firstOpen      {@code o_1}
 * @param sumPriceVolume {@code Σ p_i v_i}
 * @param sumVolume      {@code Σ v_i}
 * @param high           {@code H_k}
 * @param low            {@code L_k}
 * @param gainSum        {@code Σ G_i} for {@code i = 2..min(k, 15)}: seeds the Wilder average at {@code k = 15}
 * @param lossSum        {@code Σ D_i}, likewise
 * @param avgGain        Wilder's {@code AG_k}, from {@code k = 15} (0 before)
 * @param avgLoss        Wilder's {@code AD_k}, likewise
 * @param closes         the last {@code min(k, 20)} closes, oldest first
 * @param volumes        the last {@code min(k, 20)} volumes, oldest first
 */
record FeatureState(
        long sessionDay,
        int count,
        double firstOpen,
        double sumPriceVolume,
        double sumVolume,
        double high,
        double low,
        double gainSum,
        double lossSum,
        double avgGain,
        double avgLoss,
        double[] closes,
        double[] volumes) {
    /** Closes and volumes kept: the 20-bar features at {@code k + 1} read {@code b_{k-19} .. b_k}. */
    static final int WINDOW = 20;

    FeatureState {
        if (closes.length != volumes.length || closes.length > WINDOW || closes.length != Math.min(count, WINDOW)) {
            throw new IllegalArgumentException("need min(k, 20) closes and volumes, got k=" + count + ", "
                    + closes.length + " closes, " + volumes.length + " volumes");
        }
    }

    /** Before the first bar of the session {@code sessionDay}. */
    static FeatureState open(long sessionDay) {
        return new FeatureState(sessionDay, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new double[0], new double[0]);
    }

    /** {@code c_k}; only for {@code k >= 1}. */
    double lastClose() {
        return closes[closes.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureState s
                && sessionDay == s.sessionDay
                && count == s.count
                && Double.compare(firstOpen, s.firstOpen) == 0
                && Double.compare(sumPriceVolume, s.sumPriceVolume) == 0
                && Double.compare(sumVolume, s.sumVolume) == 0
                && Double.compare(high, s.high) == 0
                && Double.compare(low, s.low) == 0
                && Double.compare(gainSum, s.gainSum) == 0
                && Double.compare(lossSum, s.lossSum) == 0
                && Double.compare(avgGain, s.avgGain) == 0
                && Double.compare(avgLoss, s.avgLoss) == 0
                && Arrays.equals(closes, s.closes)
                && Arrays.equals(volumes, s.volumes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(sessionDay) + count) + Arrays.hashCode(closes);
    }

    @Override
    public String toString() {
        return "FeatureState[day=" + sessionDay + ", k=" + count + ", o1=" + firstOpen + ", pv=" + sumPriceVolume
                + ", v=" + sumVolume + ", H=" + high + ", L=" + low + ", G=" + gainSum + ", D=" + lossSum + ", AG="
                + avgGain + ", AD=" + avgLoss + ", closes=" + Arrays.toString(closes) + ", volumes="
                + Arrays.toString(volumes) + "]";
    }
}
