package dev.ticktape.adapters.binance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BinanceSymbolsTest {

    @Test
    void acceptsSpotSymbolsInAnyCase() {
        assertThat(BinanceSymbols.problem("BTCUSDT")).isEmpty();
        assertThat(BinanceSymbols.problem("ethbtc")).isEmpty();
        assertThat(BinanceSymbols.problem("1000SATSUSDT")).isEmpty();
    }

    @Test
    void refusesStreamNamesPairsAndOtherCharactersSayingWhy() {
        assertThat(BinanceSymbols.problem("btc/usdt@trade\"x"))
                .hasValueSatisfying(p -> assertThat(p).contains("stream name"));
        assertThat(BinanceSymbols.problem("btcusdt@trade"))
                .hasValueSatisfying(p -> assertThat(p).contains("stream name"));
        assertThat(BinanceSymbols.problem("BTC/USDT"))
                .hasValueSatisfying(p -> assertThat(p).contains("'/'"));
        assertThat(BinanceSymbols.problem("BTC-USDT"))
                .hasValueSatisfying(p -> assertThat(p).contains("letters and digits"));
        assertThat(BinanceSymbols.problem("btc\nusdt")).isPresent();
        assertThat(BinanceSymbols.problem("B")).isPresent();
        assertThat(BinanceSymbols.problem("A".repeat(21))).isPresent();
        assertThat(BinanceSymbols.problem("")).hasValue("empty symbol");
        assertThat(BinanceSymbols.problem(null)).hasValue("empty symbol");
    }
}
