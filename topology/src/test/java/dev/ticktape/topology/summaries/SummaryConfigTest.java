package dev.ticktape.topology.summaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryConfigTest {
    private static final Duration H = Duration.ofMinutes(15);

    private static SummaryConfig of(Duration... windows) {
        return new SummaryConfig(Arrays.asList(windows), H);
    }

    @Test
    void defaultsAreOneMinuteWindowAndFifteenMinuteHorizon() {
        SummaryConfig d = SummaryConfig.defaults();
        assertThat(d.windows()).containsExactly(Duration.ofSeconds(60));
        assertThat(d.horizon()).isEqualTo(Duration.ofMinutes(15));
        assertThat(d.largestWindow()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void acceptsAscendingWholeSeconds() {
        SummaryConfig c = of(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));
        assertThat(c.largestWindow()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void copiesTheWindowList() {
        List<Duration> windows = new ArrayList<>(List.of(Duration.ofSeconds(60)));
        SummaryConfig c = new SummaryConfig(windows, H);
        windows.add(Duration.ofSeconds(10));
        assertThat(c.windows()).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void rejectsWindowsThatAreNotWholeSecondsOfAtLeastOne() {
        assertThatThrownBy(() -> of(Duration.ofMillis(1_500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> of(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(Duration.ofSeconds(-60))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of((Duration) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDuplicateOrUnsortedWindows() {
        assertThatThrownBy(() -> of(Duration.ofSeconds(60), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct and in ascending order");
        assertThatThrownBy(() -> of(Duration.ofSeconds(300), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ascending");
    }

    @Test
    void rejectsNoWindowsAndBadHorizon() {
        assertThatThrownBy(() -> new SummaryConfig(List.of(), H))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> new SummaryConfig(null, H)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SummaryConfig(List.of(Duration.ofSeconds(60)), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizon");
        assertThatThrownBy(() -> new SummaryConfig(List.of(Duration.ofSeconds(60)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
