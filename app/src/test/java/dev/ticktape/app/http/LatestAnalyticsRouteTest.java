package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.BarInterval;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatestAnalyticsRouteTest {
    @Test
    void offAnswers404WithTheFlagThatTurnsItOn() throws Exception {
        LatestAnalyticsRoute route = new LatestAnalyticsRoute(
                "/v1/summaries/latest",
                "summary",
                "--summaries",
                null,
                LatestAnalyticsRoute.windowPrefix(List.of(Duration.ofSeconds(60))),
                null,
                null);
        HttpEdge.Response r = route.handle(Map.of("symbol", "BTCUSDT"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().toString()).contains("off", "--summaries");
    }

    @Test
    void windowsAreNamedInSecondsMinutesOrMillisAndMustBeComputed() {
        var prefix = LatestAnalyticsRoute.windowPrefix(List.of(Duration.ofSeconds(60), Duration.ofMinutes(5)));
        assertThat(prefix.apply(Map.of())).isEqualTo("60000");
        assertThat(prefix.apply(Map.of("window", "5m"))).isEqualTo("300000");
        assertThat(prefix.apply(Map.of("window", "300s"))).isEqualTo("300000");
        assertThat(prefix.apply(Map.of("window", "60000"))).isEqualTo("60000");
        assertThatThrownBy(() -> prefix.apply(Map.of("window", "30s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[60s, 300s]");
        assertThatThrownBy(() -> prefix.apply(Map.of("window", "soon"))).hasMessageContaining("60s, 5m or 60000");
    }

    @Test
    void intervalsMustBeComputed() {
        var prefix = LatestAnalyticsRoute.intervalPrefix(Set.of(BarInterval.M1));
        assertThat(prefix.apply(Map.of())).isEqualTo("1m");
        assertThatThrownBy(() -> prefix.apply(Map.of("interval", "1s"))).hasMessageContaining("not computed on 1s");
    }
}
