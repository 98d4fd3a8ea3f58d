package dev.ticktape.adapters.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PolygonSymbolsTest {

    @Test
    void acceptsUsTickersWithAShareClass() {
        assertThat(PolygonSymbols.problem("AAPL")).isEmpty();
        assertThat(PolygonSymbols.problem("brk.b")).isEmpty();
        assertThat(PolygonSymbols.problem("F")).isEmpty();
        assertThat(PolygonSymbols.problem("GOOGL")).isEmpty();
    }

    @Test
    void refusesOptionsWildcardsChannelsAndOtherCharactersSayingWhy() {
        assertThat(PolygonSymbols.problem("O:SPY260116C00600000"))
                .hasValueSatisfying(p -> assertThat(p).contains("option"));
        assertThat(PolygonSymbols.problem("*"))
                .hasValueSatisfying(p -> assertThat(p).contains("wildcard"));
        assertThat(PolygonSymbols.problem("T.AAPL.B")).isPresent();
        assertThat(PolygonSymbols.problem("AAPL,MSFT")).isPresent();
        assertThat(PolygonSymbols.problem("AAPL\""))
                .hasValueSatisfying(p -> assertThat(p).contains("US stock ticker"));
        assertThat(PolygonSymbols.problem("TOOLONGX")).isPresent();
        assertThat(PolygonSymbols.problem("BRK.")).isPresent();
        assertThat(PolygonSymbols.problem(" ")).hasValue("empty symbol");
    }
}
