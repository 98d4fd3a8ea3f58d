package dev.ticktape.adapters.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import org.junit.jupiter.api.Test;

class PolygonMinuteBarsTest {
    private static final long T0 = 1767191400000L;
    private final PolygonMinuteBars bars = new PolygonMinuteBars(15 * 60_000);

    private static Bar bar(long start, double close, double volume, long recvMs) {
        return new Bar(BarInterval.M1, "polygon", "MSFT", start, recvMs, 10, 11, 9, close, volume, 0, 10.2, "src");
    }

    @Test
    void publishesNewBarAndChangedResendButNotIdenticalResend() {
        assertThat(bars.offerLive(bar(T0, 10.5, 100, 1))).isTrue();
        assertThat(bars.offerLive(bar(T0, 10.5, 100, 2))).isFalse();
        assertThat(bars.offerLive(bar(T0, 10.5, 150, 3))).isTrue();
        assertThat(bars.latestStart("MSFT")).isEqualTo(T0);
    }

    @Test
    void gapFillReplacesBarsSeenBeforeTheReconnectOnly() {
        bars.offerLive(bar(T0, 10.5, 100, 1_000));
        bars.offerLive(bar(T0 + 60_000, 10.5, 100, 5_000));
        // Reconnected at 2_000: the first bar is older, the REST value wins; the second came live afterwards.
        assertThat(bars.offerFill(bar(T0, 10.5, 120, 6_000), 2_000)).isTrue();
        assertThat(bars.offerFill(bar(T0 + 60_000, 10.5, 90, 6_000), 2_000)).isFalse();
        assertThat(bars.offerFill(bar(T0 + 120_000, 10.5, 90, 6_000), 2_000)).isTrue();
    }

    @Test
    void forgetsBarsOlderThanTheRetention() {
        bars.offerLive(bar(T0, 10.5, 100, 1));
        bars.offerLive(bar(T0 + 20 * 60_000, 10.5, 100, 1));
        // Forgotten, so a re-send counts as new again (harmless: downstream upserts).
        assertThat(bars.offerLive(bar(T0, 10.5, 100, 2))).isTrue();
    }
}
