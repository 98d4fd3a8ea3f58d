package dev.ticktape.adapters.ibkr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.options.OccSymbol;
import java.util.List;
import org.junit.jupiter.api.Test;

class IbkrSymbolsTest {

    @Test
    void namesStreamsByConidAndReadsTheConidBack() {
        assertThat(IbkrSymbols.optionStream(654371995L)).isEqualTo("O:654371995");
        assertThat(IbkrSymbols.underlyingStream(416904L)).isEqualTo("U:416904");
        assertThat(IbkrSymbols.isOptionStream("O:654371995")).isTrue();
        assertThat(IbkrSymbols.isOptionStream("U:416904")).isFalse();
        assertThat(IbkrSymbols.isOptionStream(IbkrSymbols.TRADES_STREAM)).isFalse();
        assertThat(IbkrSymbols.conidOf("O:654371995")).isEqualTo(654371995L);
        assertThat(IbkrSymbols.conidOf("U:416904")).isEqualTo(416904L);
    }

    @Test
    void acceptsConidsAndRefusesTickersAndOccSymbolsSayingWhy() {
        assertThat(IbkrSymbols.problem("265598")).isEmpty();
        assertThat(IbkrSymbols.problem(" 654371995 ")).isEmpty();
        assertThat(IbkrSymbols.problem("SPY"))
                .hasValueSatisfying(p -> assertThat(p).contains("conid"));
        assertThat(IbkrSymbols.problem("SPY   260116C00600000")).isPresent();
        assertThat(IbkrSymbols.problem("-5")).isPresent();
        assertThat(IbkrSymbols.problem("1234567890123")).isPresent();
        assertThat(IbkrSymbols.problem("0"))
                .hasValueSatisfying(p -> assertThat(p).contains("no contract"));
        assertThat(IbkrSymbols.problem("")).hasValue("empty symbol");
    }

    @Test
    void takesTheAllDigitSymbolsAsConids() {
        assertThat(IbkrSymbols.conids(List.of("265598", "SPY", "654371995", "SPY   260116C00600000", "12a")))
                .containsExactly(265598L, 654371995L);
        assertThat(IbkrSymbols.conids(List.of())).isEmpty();
    }

    @Test
    void joinsConidsForTheSecdefQuery() {
        assertThat(IbkrSymbols.conidList(List.of(1L, 22L, 333L))).isEqualTo("1,22,333");
        assertThat(IbkrSymbols.conidList(List.of(654371995L))).isEqualTo("654371995");
    }

    @Test
    void publishesOptionsUnderCompactOccAndOthersUnderTheirSymbolOrConid() {
        var put = OccSymbol.parse("SPXW  250116P03975000", "SPX");
        assertThat(IbkrSymbols.eventSymbol(put, "SPX")).isEqualTo("SPXW250116P03975000");
        assertThat(IbkrSymbols.eventSymbol(null, "AAPL")).isEqualTo("AAPL");
        assertThat(IbkrSymbols.unnamed(265598L)).isEqualTo("CONID265598");
    }

    @Test
    void findsTheOccSymbolInAPositionDescription() {
        assertThat(IbkrSymbols.occInDescription("SPX    JAN2025 3975 P [SPXW  250116P03975000 100]"))
                .isEqualTo("SPXW  250116P03975000");
        assertThat(IbkrSymbols.occInDescription("SPY JAN2026 600 C [SPY   260116C00600000 100]"))
                .isEqualTo("SPY   260116C00600000");
        assertThat(IbkrSymbols.occInDescription("SPY JAN2026 600 C")).isNull();
    }
}
