package dev.ticktape.app.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter rules of {@code /v1/stream} and what a filter lets through. */
class StreamRouteTest {
    private static StreamEvent event(String venue, String symbol, String underlying) {
        return StreamEvent.of("x", "t", 0, 0, "{}".getBytes(), venue, symbol, underlying);
    }

    @Test
    void barsDefaultToOneSecondAndTakeTheMinuteTopicOnRequest() {
        assertThat(StreamRoute.parse(StreamKind.BARS, Map.of("kind", "bars")).topic())
                .isEqualTo("md.bars.1s");
        assertThat(StreamRoute.parse(StreamKind.BARS, Map.of("kind", "bars", "interval", "1m"))
                        .topic())
                .isEqualTo("md.bars.1m");
        assertThat(StreamRoute.parse(StreamKind.GREEKS, Map.of("kind", "greeks"))
                        .topic())
                .isEqualTo("md.greeks.accepted");
    }

    @Test
    void symbolsAreUpperCasedAndMatchAnUnderlyingToo() {
        StreamFilter f = StreamRoute.parse(
                        StreamKind.GREEKS, Map.of("kind", "greeks", "venue", "ibkr", "symbols", " spy ,QQQ,"))
                .filter();
        assertThat(f.symbols()).containsExactlyInAnyOrder("SPY", "QQQ");
        assertThat(f.matches(event("ibkr", "SPY 261218C00600000", "SPY"))).isTrue();
        assertThat(f.matches(event("ibkr", "QQQ", null))).isTrue();
        assertThat(f.matches(event("tastytrade", "QQQ", null))).isFalse();
        assertThat(f.matches(event("ibkr", "IWM", "IWM"))).isFalse();
    }

    @Test
    void aGapMatchesTheSymbolsItNamesOrAllOfThemWhenItNamesNone() {
        StreamRoute.Subscription s =
                StreamRoute.parse(StreamKind.GAPS, Map.of("kind", "gaps", "venue", "binance", "symbols", "btcusdt"));
        assertThat(s.topic()).isEqualTo("md.gaps");
        StreamFilter f = s.filter();
        // A gap's symbol is its connection: only its instruments count.
        assertThat(f.matches(gap("binance", "WS-1", List.of("BTCUSDT", "ETHUSDT"))))
                .isTrue();
        assertThat(f.matches(gap("binance", "BTCUSDT", List.of("ETHUSDT")))).isFalse();
        assertThat(f.matches(gap("binance", "WS-1", List.of()))).isTrue();
        assertThat(f.matches(gap("kraken", "WS-1", List.of()))).isFalse();
    }

    private static StreamEvent gap(String venue, String connection, List<String> instruments) {
        return StreamEvent.of("gap", "md.gaps", 0, 0, "{}".getBytes(), venue, connection, null, instruments);
    }

    @Test
    void noFilterMatchesEverything() {
        StreamFilter f =
                StreamRoute.parse(StreamKind.ALERTS, Map.of("kind", "alerts")).filter();
        assertThat(f.matches(event("binance", null, null))).isTrue();
    }

    @Test
    void refusesWhatCannotMatchOrIsMisspelt() {
        assertThatThrownBy(() -> StreamRoute.parse(StreamKind.QUOTES, Map.of("kind", "quotes", "interval", "1s")))
                .hasMessage("interval applies to kind=bars only");
        assertThatThrownBy(() -> StreamRoute.parse(StreamKind.QUOTES, Map.of("kind", "quotes", "venue", "Binance")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("venue");
        assertThatThrownBy(() -> StreamRoute.parse(StreamKind.QUOTES, Map.of("kind", "quotes", "symbols", "A B")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbol");
        assertThat(StreamRoute.parse(StreamKind.BARS, Map.of("kind", "bars", "coalesce_ms", "250"))
                        .coalesceMs())
                .isEqualTo(250);
        assertThatThrownBy(() -> StreamRoute.parse(StreamKind.BARS, Map.of("kind", "bars", "coalesce_ms", "9000")))
                .hasMessageContaining("coalesce_ms must be a whole number from 0 to 5000");
        assertThatThrownBy(() -> StreamRoute.parse(StreamKind.BARS, Map.of("kind", "bars", "from", "x")))
                .hasMessageContaining("unknown parameter 'from'");
    }
}
