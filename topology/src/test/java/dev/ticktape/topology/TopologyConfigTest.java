package dev.ticktape.topology;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {
    @Test
    void rejectsNegativeGraceAndZeroPunctuation() {
        assertThatThrownBy(() -> TopologyConfig.defaults().withGrace(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace");
        assertThatThrownBy(() -> new TopologyConfig("app", Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("punctuate");
        assertThatThrownBy(() -> TopologyConfig.defaults().withApplicationId(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
