package dev.ticktape.model.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.OptionContract;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OccSymbolTest {

    @Test
    void formatsPaddedOccWithStrikeInThousandths() {
        OptionContract c = OccSymbol.contract("spy", "spy", LocalDate.of(2026, 1, 16), 600, 'c');
        assertThat(c.occ()).isEqualTo("SPY   260116C00600000");
        assertThat(c.underlying()).isEqualTo("SPY");
        assertThat(c.right()).isEqualTo('C');
        assertThat(OccSymbol.eventSymbol(c)).isEqualTo("SPY260116C00600000");
    }

    @Test
    void parsesPaddedAndCompactFormsToTheSameContract() {
        OptionContract padded = OccSymbol.parse("AAPL  230818C00197500", null);
        OptionContract compact = OccSymbol.parse("AAPL230818C00197500", "AAPL");
        assertThat(padded).isEqualTo(compact);
        assertThat(padded.strike()).isEqualTo(197.5);
        assertThat(padded.expiry()).isEqualTo(LocalDate.of(2023, 8, 18));
    }

    @Test
    void keepsWeeklyRootApartFromUnderlying() {
        OptionContract c = OccSymbol.parse("SPXW  241125P05990000", "SPX");
        assertThat(c.underlying()).isEqualTo("SPX");
        assertThat(OccSymbol.root(c)).isEqualTo("SPXW");
        assertThat(c.occ()).isEqualTo("SPXW  241125P05990000");
    }

    @Test
    void rejectsTextThatIsNotAnOccSymbol() {
        assertThatThrownBy(() -> OccSymbol.parse("SPY", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OccSymbol.parse("SPY   260116X00600000", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OccSymbol.parse("SPY   261316C00600000", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
