package dev.ticktape.topology.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureEntryTest {
    @Test
    void roundTripsBarWithoutVwapAndEmptyWindow() {
        FeatureEntry e = new FeatureEntry(new BarFields(1, 2, 0.5, 1.5, 0, null, 0), FeatureState.open(20_514));

        assertThat(FeatureEntry.decode(e.encode())).isEqualTo(e);
    }

    @Test
    void roundTripsFullWindowWithinTheStatedSize() {
        double[] closes = new double[20];
        double[] volumes = new double[20];
        for (int i = 0; i < 20; i++) {
            closes[i] = 100 + i * 0.25;
            volumes[i] = i * 1.5;
        }
        FeatureEntry e = new FeatureEntry(
                new BarFields(101, 105, 99, 104.75, 12.5, 103.2, 7),
                new FeatureState(20_514, 240, 99.5, 1e7, 1e5, 110, 90, 14, 7, 1.25, 0.75, closes, volumes));

        byte[] raw = e.encode();

        assertThat(raw).hasSizeLessThanOrEqualTo(458);
        assertThat(FeatureEntry.decode(raw)).isEqualTo(e);
        assertThat(FeatureEntry.decode(raw).bar().vwap()).isEqualTo(103.2);
    }
}
