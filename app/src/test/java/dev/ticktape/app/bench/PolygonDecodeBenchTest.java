package dev.ticktape.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolygonDecodeBenchTest {
    @Test
    void decodesEveryFrameIntoEventsOnBothPaths() {
        PolygonDecodeBench.Result r = PolygonDecodeBench.run(2_000);
        // 4 frames carry 5 events; 2000 frames = 500 rounds.
        assertThat(r.elements()).isEqualTo(2_500);
        assertThat(r.adapterPerSecond()).isPositive();
        assertThat(r.toString()).contains("polygon decode");
    }
}
