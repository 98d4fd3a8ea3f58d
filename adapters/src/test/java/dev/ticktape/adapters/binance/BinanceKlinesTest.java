package dev.ticktape.adapters.binance;

import static dev.ticktape.adapters.binance.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BinanceKlinesTest {
    @Test
    void positionalRowsBecomeBarsWithTheVenueTradeCount() {
        List<Bar> bars = BinanceKlines.decode("BTCUSDT", BarInterval.M1, bytes("rest-klines-1m.json"), 5L);
        assertThat(bars).hasSize(2);
        Bar b = bars.get(0);
        assertThat(b.interval()).isEqualTo(BarInterval.M1);
        assertThat(b.tsMs()).isEqualTo(1767225600000L);
        assertThat(new double[] {b.open(), b.high(), b.low(), b.close(), b.volume()})
                .containsExactly(94210.55, 94230.0, 94180.12, 94188.0, 12.40415);
        assertThat(b.trades()).isEqualTo(1240);
        assertThat(b.vwap()).isEqualTo(1168520.66721430 / 12.40415);
        Bar empty = bars.get(1);
        assertThat(empty.trades()).isZero();
        assertThat(empty.vwap()).isNull();
    }

    @Test
    void aRowWhoseCloseTimeIsNotOneIntervalAfterItsOpenIsRefused() {
        // The notes' sample row spans a week: asked for 1m, it must not come out as a minute bar.
        assertThatThrownBy(() -> BinanceKlines.decode("BNBBTC", BarInterval.M1, bytes("rest-klines-notes.json"), 5L))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not a 1m kline");
    }
}
