package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.options.OccSymbol;
import org.junit.jupiter.api.Test;

class StreamerSymbolTest {

    @Test
    void convertsBetweenOccAndStreamerSymbols() {
        assertThat(StreamerSymbol.of(OccSymbol.parse("SPY   260116C00600000", "SPY"))).isEqualTo(".SPY260116C600");
        assertThat(StreamerSymbol.of(OccSymbol.parse("AAPL  230818C00197500", "AAPL"))).isEqualTo(".AAPL230818C197.5");
        assertThat(StreamerSymbol.of(OccSymbol.parse("SPXW  241125P05990000", "SPX"))).isEqualTo(".SPXW241125P5990");
    }

    @Test
    void parsesStreamerSymbolBackToTheOccContract() {
        assertThat(StreamerSymbol.parse(".AAPL230818C197.5", "AAPL")).isEqualTo(OccSymbol.parse("AAPL  230818C00197500", "AAPL"));
        assertThat(StreamerSymbol.parse(".SPXW241125P5990", "SPX").underlying()).isEqualTo("SPX");
        assertThat(StreamerSymbol.isOption("SPY")).isFalse();
        assertThat(StreamerSymbol.isOption("./EW4N23C3990:XCME")).isFalse();
    }
}
