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

    @Test
    void acceptsOccAndStreamerOptionSymbolsAndRefusesTheRestSayingWhy() {
        assertThat(TastytradeSymbols.problem("SPY   260116C00600000")).isEmpty();
        assertThat(TastytradeSymbols.problem("spy260116p00600000")).isEmpty();
        assertThat(TastytradeSymbols.problem(".AAPL230818C197.5")).isEmpty();
        assertThat(TastytradeSymbols.contract(".SPY260116C600"))
                .isEqualTo(OccSymbol.parse("SPY   260116C00600000", null));
        assertThat(TastytradeSymbols.contract("spy260116c00600000"))
                .isEqualTo(OccSymbol.parse("SPY   260116C00600000", null));

        assertThat(TastytradeSymbols.problem("SPY"))
                .hasValueSatisfying(p -> assertThat(p).contains("not an equity option"));
        assertThat(TastytradeSymbols.problem("./EW4N23C3990:XCME"))
                .hasValueSatisfying(p -> assertThat(p).contains("future"));
        assertThat(TastytradeSymbols.problem("SPY   261316C00600000")).hasValue("not a valid expiry date");
        assertThat(TastytradeSymbols.problem("SPY   260116X00600000")).isPresent();
        assertThat(TastytradeSymbols.problem(".SPY260116C600\"x")).isPresent();
        assertThat(TastytradeSymbols.problem("")).hasValue("empty symbol");
    }
}
