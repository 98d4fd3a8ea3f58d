package dev.ticktape.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VerdictsTest {
    private static final List<String> SYMBOLS = List.of("CH0000", "CH0001");

    /** Five trades: three in CH0000's second 1000, one in its second 2000, one in CH0001's second 1000. */
    private static SentTrades sent() {
        SentTrades s = new SentTrades();
        s.add(0, 1_100, 10.0, 1.0, 0);
        s.add(0, 1_100, 12.0, 0.5, 0); // same ms: close is the last sent, open stays the first
        s.add(0, 1_900, 9.0, 0.25, 0);
        s.add(0, 2_000, 11.0, 1.0, 0);
        s.add(1, 1_500, 50.0, 2.0, 0);
        return s;
    }

    private static BitSet ids(int... ids) {
        BitSet b = new BitSet();
        for (int i : ids) b.set(i);
        return b;
    }

    @Test
    void theOracleGroupsAcceptedTradesBySymbolAndSecond() {
        Map<Bar.Key, Bar> bars = BarOracle.expected(sent(), SYMBOLS, ids(1, 2, 3, 4, 5), new BitSet());
        assertThat(bars)
                .containsEntry(new Bar.Key("CH0000", 1_000), new Bar(10.0, 12.0, 9.0, 9.0, 1.75, 3))
                .containsEntry(new Bar.Key("CH0000", 2_000), new Bar(11.0, 11.0, 11.0, 11.0, 1.0, 1))
                .containsEntry(new Bar.Key("CH0001", 1_000), new Bar(50.0, 50.0, 50.0, 50.0, 2.0, 1))
                .hasSize(3);
    }

    @Test
    void tradesNeverAcceptedOrLateAreNotExpected() {
        Map<Bar.Key, Bar> bars = BarOracle.expected(sent(), SYMBOLS, ids(1, 2, 4, 5), ids(4));
        assertThat(bars)
                .containsEntry(new Bar.Key("CH0000", 1_000), new Bar(10.0, 12.0, 10.0, 12.0, 1.5, 2))
                .doesNotContainKey(new Bar.Key("CH0000", 2_000));
    }

    @Test
    void equalStoresPass() {
        Map<Bar.Key, Bar> want = BarOracle.expected(sent(), SYMBOLS, ids(1, 2, 3, 4, 5), new BitSet());
        Verdict v = Verdicts.compare("duckdb", 5, 5, 0, want, new TreeMap<>(want));
        assertThat(v.ok()).isTrue();
        assertThat(v.line())
                .isEqualTo("duckdb    ALL-TRADES-STORED sent=5 accepted=5 stored=5 late=0 missing=0 duplicated=0"
                        + " bars=3/3 match");
    }

    @Test
    void aMissingBarAndADoubledRowAreCountedInTrades() {
        Map<Bar.Key, Bar> want = BarOracle.expected(sent(), SYMBOLS, ids(1, 2, 3, 4, 5), new BitSet());
        Map<Bar.Key, Bar> got = new TreeMap<>(want);
        got.remove(new Bar.Key("CH0000", 1_000)); // 3 trades missing
        Bar one = got.get(new Bar.Key("CH0001", 1_000));
        got.put(new Bar.Key("CH0001", 1_000), Verdicts.doubled(one, one)); // 1 trade doubled
        Verdict v = Verdicts.compare("postgres", 5, 5, 0, want, got);
        assertThat(v.missing()).isEqualTo(3);
        assertThat(v.duplicated()).isEqualTo(1);
        assertThat(v.stored()).isEqualTo(3);
        assertThat(v.barsMatching()).isEqualTo(1);
        assertThat(v.ok()).isFalse();
        assertThat(v.label()).isEqualTo("STORED-LESS-AND-MORE-THAN-ACCEPTED");
        assertThat(v.examples()).hasSize(2);
    }

    @Test
    void aBarWithTheRightCountButAnotherCloseDiffers() {
        Map<Bar.Key, Bar> want = BarOracle.expected(sent(), SYMBOLS, ids(1, 2, 3, 4, 5), new BitSet());
        Map<Bar.Key, Bar> got = new TreeMap<>(want);
        got.put(new Bar.Key("CH0000", 2_000), new Bar(11.0, 11.0, 11.0, 11.5, 1.0, 1));
        Verdict v = Verdicts.compare("duckdb", 5, 5, 0, want, got);
        assertThat(v.missing()).isZero();
        assertThat(v.duplicated()).isZero();
        assertThat(v.label()).isEqualTo("BARS-DIFFER");
        assertThat(v.line()).endsWith("bars=2/3 differ");
    }

    @Test
    void aStoredBarNobodySentIsDoubledTrades() {
        Map<Bar.Key, Bar> want = BarOracle.expected(sent(), SYMBOLS, ids(1, 2, 3, 4, 5), new BitSet());
        Map<Bar.Key, Bar> got = new TreeMap<>(want);
        got.put(new Bar.Key("CH0001", 9_000), new Bar(1, 1, 1, 1, 1, 4));
        Verdict v = Verdicts.compare("duckdb", 5, 5, 0, want, got);
        assertThat(v.duplicated()).isEqualTo(4);
        assertThat(v.label()).isEqualTo("STORED-MORE-THAN-ACCEPTED");
        assertThat(v.line()).endsWith("bars=3/3 differ (+1 never expected)");
    }
}
