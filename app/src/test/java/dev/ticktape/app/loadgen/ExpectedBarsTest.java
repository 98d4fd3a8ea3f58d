package dev.ticktape.app.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpectedBarsTest {
    @Test
    void foldsTradesPerSymbolAndSecondInSendOrder() {
        ExpectedBars e = new ExpectedBars();
        e.trade("A", 1_000, 10, 1);
        e.trade("A", 1_999, 12, 2);
        e.trade("A", 1_500, 9, 1);
        e.trade("A", 2_000, 11, 1); // the next second
        ExpectedBars.Agg a = e.bySymbol().get("A").get(1_000L);
        assertThat(new double[] {a.open, a.high, a.low, a.close, a.volume}).containsExactly(10, 12, 9, 9, 4);
        assertThat(a.trades).isEqualTo(3);
        assertThat(e.bySymbol().get("A")).containsOnlyKeys(1_000L, 2_000L);
    }
}
