package dev.ticktape.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapTest {
    private static final long T = 1_700_000_000_000L;
    private final EventCodec codec = new EventCodec();

    @Test
    void closedGapRoundTripsThroughJson() {
        Gap g = new Gap(
                "binance",
                "TRADES-1",
                T,
                T + 9_000,
                T + 8_000,
                List.of("BTCUSDT"),
                Gap.Cause.SEQUENCE_GAP,
                Gap.Recovery.BACKFILLED,
                42,
                "trade id 100 -> 143");
        String json = new String(codec.encode(g), StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"type\":\"gap\"",
                        "\"to_ms\":" + (T + 8_000),
                        "\"instruments\":[\"BTCUSDT\"]",
                        "\"cause\":\"sequence_gap\"",
                        "\"recovery\":\"backfilled\"",
                        "\"recovered\":42");
        assertThat(codec.decode(codec.encode(g))).isEqualTo(g);
        assertThat(g.topic()).isEqualTo(Topics.GAPS);
    }

    @Test
    void openGapHasNoEndAndDecodesWithDefaults() {
        String line = "{\"type\":\"gap\",\"venue\":\"polygon\",\"symbol\":\"stocks\",\"ts_ms\":" + T
                + ",\"cause\":\"disconnect\"}";
        Gap g = (Gap) codec.decode(line.getBytes(StandardCharsets.UTF_8));
        assertThat(g.isOpen()).isTrue();
        assertThat(g.allInstruments()).isTrue();
        assertThat(g.recovery()).isEqualTo(Gap.Recovery.NONE);
        assertThat(new String(codec.encode(g), StandardCharsets.UTF_8)).doesNotContain("to_ms");
    }

    @Test
    void rejectsAnEndBeforeItsStartAndUnknownCauses() {
        assertThatThrownBy(() -> new Gap("x", "C", T, T, T - 1, List.of(), Gap.Cause.DISCONNECT, null, 0, null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("before");
        String line = "{\"type\":\"gap\",\"venue\":\"x\",\"symbol\":\"C\",\"ts_ms\":" + T + ",\"cause\":\"cosmic\"}";
        assertThatThrownBy(() -> codec.decode(line.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("cosmic");
    }

    @Test
    void coverageRanksUnrecoveredAboveBackfilledAboveRevised() {
        Gap open = Gap.open("binance", "C", T + 500, List.of("BTCUSDT"), Gap.Cause.DISCONNECT, null);
        Gap filled = new Gap(
                "binance",
                "C",
                T - 5_000,
                T,
                T - 4_000,
                List.of(),
                Gap.Cause.DISCONNECT,
                Gap.Recovery.BACKFILLED,
                3,
                null);
        // [T, T+1000) overlaps the open gap that starts at T+500.
        assertThat(Coverage.of("BTCUSDT", T, T + 1_000, 0, List.of(open, filled)))
                .isEqualTo(Coverage.FEED_GAP);
        // The open gap names another instrument only.
        assertThat(Coverage.of("ETHUSDT", T, T + 1_000, 2, List.of(open))).isEqualTo(Coverage.REVISED);
        // [T-5000, T-4000) is exactly the backfilled gap; the end is exclusive, so T-4000 starts a clean bar.
        assertThat(Coverage.of("ETHUSDT", T - 5_000, T - 4_000, 0, List.of(filled)))
                .isEqualTo(Coverage.BACKFILLED);
        assertThat(Coverage.of("ETHUSDT", T - 4_000, T - 3_000, 0, List.of(filled)))
                .isEqualTo(Coverage.COMPLETE);
    }
}
