package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.options.OccSymbol;
import org.junit.jupiter.api.Test;

class TastytradeSymbolsTest {

    @Test
    void convertsBetweenOccAndStreamerSymbols() {
        assertThat(TastytradeSymbols.toStreamerSymbol(OccSymbol.parse("SPY   260116C00600000", "SPY")))
                .isEqualTo(".SPY260116C600");
        assertThat(TastytradeSymbols.toStreamerSymbol(OccSymbol.parse("AAPL  230818C00197500", "AAPL")))
                .isEqualTo(".AAPL230818C197.5");
        assertThat(TastytradeSymbols.toStreamerSymbol(OccSymbol.parse("SPXW  241125P05990000", "SPX")))
                .isEqualTo(".SPXW241125P5990");
    }

    @Test
    void parsesStreamerSymbolBackToTheOccContract() {
        assertThat(TastytradeSymbols.toContract(".AAPL230818C197.5", "AAPL"))
                .isEqualTo(OccSymbol.parse("AAPL  230818C00197500", "AAPL"));
        assertThat(TastytradeSymbols.toContract(".SPXW241125P5990", "SPX").underlying())
                .isEqualTo("SPX");
        assertThat(TastytradeSymbols.isOption("SPY")).isFalse();
        assertThat(TastytradeSymbols.isOption("./EW4N23C3990:XCME")).isFalse();
    }
}
