package dev.ticktape.topology.summaries;

import static dev.ticktape.topology.summaries.SummaryHarness.KEY;
import static dev.ticktape.topology.summaries.SummaryHarness.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Summary;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Summaries as the summariser emits them, field by field against hand-computed values. */
class SummaryTopologyTest {
    private static final double EPS = 1e-12;
    private SummaryHarness h = new SummaryHarness(SummaryConfig.defaults());

    @AfterEach
    void close() {
        h.close();
    }

    private void restart(SummaryConfig cfg) {
        h.close();
        h = new SummaryHarness(cfg);
    }

    private static SummaryConfig windows(Duration horizon, long... seconds) {
        return new SummaryConfig(
                java.util.Arrays.stream(seconds).mapToObj(Duration::ofSeconds).toList(), horizon);
    }

    @Test
    void oneBarLeavesTheSpreadFieldsNull() {
        h.bar(S, 100, 2, 100.5, 0);

        List<TestRecord<String, String>> out = h.drainRecords();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo(KEY);
        assertThat(out.get(0).timestamp()).isEqualTo(S + 1_000); // record time = window end
        Summary s = SummaryHarness.decode(out.get(0).value());
        assertThat(s.venue()).isEqualTo("binance");
        assertThat(s.symbol()).isEqualTo("BTCUSDT");
        assertThat(s.tsMs()).isEqualTo(S + 1_000);
        assertThat(s.windowMs()).isEqualTo(60_000);
        assertThat(s.bars()).isEqualTo(1);
        assertThat(s.expected()).isEqualTo(60);
        assertThat(s.coverage()).isEqualTo(1.0 / 60);
        assertThat(s.firstClose()).isEqualTo(100.0);
        assertThat(s.lastClose()).isEqualTo(100.0);
        assertThat(s.logReturn()).isEqualTo(0.0);
        assertThat(s.meanClose()).isEqualTo(100.0);
        assertThat(s.stdevClose()).isEqualTo(0.0);
        assertThat(s.minClose()).isEqualTo(100.0);
        assertThat(s.maxClose()).isEqualTo(100.0);
        assertThat(s.slope()).isNull();
        assertThat(s.slopeNorm()).isNull();
        assertThat(s.zscore()).isNull();
        assertThat(s.realizedVol()).isNull();
        assertThat(s.volume()).isEqualTo(2.0);
        assertThat(s.vwap()).isEqualTo(100.5);
        assertThat(s.revision()).isZero();
        assertThat(s.recvMs()).isEqualTo(S + 3_600_000); // the driver's wall clock
    }

    @Test
    void gapOfMissingSecondsCountsOnlyPresentBars() {
        h.bar(S, 101, 1, 100.5, 0);
        h.bar(S + 1_000, 99, 3, null, 0); // no vwap: weighs with its close
        // S + 2000 has no bar
        h.bar(S + 3_000, 103, 2, 102.5, 0);

        List<Summary> out = h.drain();
        assertThat(out).extracting(Summary::tsMs).containsExactly(S + 1_000, S + 2_000, S + 4_000);
        Summary s = out.get(2);
        // Window [S - 56000, S + 4000): x = 56, 57, 59 s; closes 101, 99, 103.
        assertThat(s.bars()).isEqualTo(3);
        assertThat(s.expected()).isEqualTo(60);
        assertThat(s.coverage()).isEqualTo(0.05); // 3 / 60
        assertThat(s.firstClose()).isEqualTo(101.0);
        assertThat(s.lastClose()).isEqualTo(103.0);
        assertThat(s.logReturn()).isCloseTo(Math.log(103.0 / 101.0), within(EPS));
        // mean = 303 / 3 = 101; deviations 0, -2, 2; stdev = sqrt(8 / 3)
        assertThat(s.meanClose()).isEqualTo(101.0);
        assertThat(s.stdevClose()).isCloseTo(1.632993161855452, within(EPS));
        assertThat(s.minClose()).isEqualTo(99.0);
        assertThat(s.maxClose()).isEqualTo(103.0);
        // x mean = 172 / 3; dx = -4/3, -1/3, 5/3; Sxx = 42 / 9 = 14 / 3; Sxy = 0 + 2/3 + 10/3 = 4; slope = 6 / 7
        assertThat(s.slope()).isCloseTo(6.0 / 7, within(EPS));
        assertThat(s.slopeNorm()).isCloseTo(6.0 / 707, within(EPS)); // (6 / 7) / 101
        // zscore = 2 / sqrt(8 / 3) = sqrt(3 / 2)
        assertThat(s.zscore()).isCloseTo(1.224744871391589, within(EPS));
        // returns only between present bars: ln(99/101) = -0.020000666706670, ln(103/99) = 0.039609138095046;
        // squares 0.000400026668711 + 0.001568883820632 = 0.001968910489344; x 31,536,000 / 60 = 1034.85935;
        // sqrt = 32.16923
        double squares = Math.pow(Math.log(99.0 / 101), 2) + Math.pow(Math.log(103.0 / 99), 2);
        assertThat(squares).isCloseTo(0.001968910489344, within(1e-15));
        assertThat(s.realizedVol()).isCloseTo(Math.sqrt(squares * 31_536_000 / 60), within(EPS));
        assertThat(s.realizedVol()).isCloseTo(32.16923, within(1e-5));
        assertThat(s.volume()).isEqualTo(6.0);
        // (100.5 x 1 + 99 x 3 + 102.5 x 2) / 6 = 602.5 / 6
        assertThat(s.vwap()).isCloseTo(100.41666666666667, within(EPS));
        assertThat(s.revision()).isZero();

        // The second summary: closes 101, 99 at x = 58, 59 (window [S - 58000, S + 2000)); slope -2 per second.
        Summary two = out.get(1);
        assertThat(two.bars()).isEqualTo(2);
        assertThat(two.slope()).isCloseTo(-2.0, within(EPS));
        assertThat(two.stdevClose()).isCloseTo(1.0, within(EPS)); // mean 100, deviations 1, -1
        assertThat(two.zscore()).isCloseTo(-1.0, within(EPS));
    }

    @Test
    void flatPricesHaveNoSpreadAndNoZscore() {
        // 0.1 + 0.1 + 0.1 = 0.30000000000000004 in doubles: a mean of sum / n would invent a spread
        h.bar(S, 0.1);
        h.bar(S + 1_000, 0.1);
        h.bar(S + 2_000, 0.1);

        Summary s = h.drain().get(2);
        assertThat(s.bars()).isEqualTo(3);
        assertThat(s.meanClose()).isEqualTo(0.1);
        assertThat(s.stdevClose()).isEqualTo(0.0);
        assertThat(s.zscore()).isNull();
        assertThat(s.slope()).isEqualTo(0.0);
        assertThat(s.slopeNorm()).isEqualTo(0.0);
        assertThat(s.realizedVol()).isEqualTo(0.0);
        assertThat(s.logReturn()).isEqualTo(0.0);
    }

    @Test
    void zeroVolumeWindowHasNoVwap() {
        h.bar(S, 10, 0, null, 0);
        h.bar(S + 1_000, 11, 0, 10.5, 0);

        Summary s = h.drain().get(1);
        assertThat(s.volume()).isEqualTo(0.0);
        assertThat(s.vwap()).isNull();
        assertThat(s.lastClose()).isEqualTo(11.0);
    }

    @Test
    void everyWindowGetsItsOwnSummary() {
        restart(windows(Duration.ofMinutes(15), 60, 300));
        h.bar(S, 100);
        h.bar(S + 30_000, 102);
        h.bar(S + 90_000, 101);

        List<Summary> out = h.drain();
        assertThat(out)
                .extracting(Summary::tsMs, Summary::windowMs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(S + 1_000, 60_000L),
                        org.assertj.core.groups.Tuple.tuple(S + 1_000, 300_000L),
                        org.assertj.core.groups.Tuple.tuple(S + 31_000, 60_000L),
                        org.assertj.core.groups.Tuple.tuple(S + 31_000, 300_000L),
                        org.assertj.core.groups.Tuple.tuple(S + 91_000, 60_000L),
                        org.assertj.core.groups.Tuple.tuple(S + 91_000, 300_000L));
        // End S + 91000: the 60 s window [S + 31000, S + 91000) holds only the newest bar; 300 s holds all three.
        Summary minute = out.get(4);
        assertThat(minute.bars()).isEqualTo(1);
        assertThat(minute.coverage()).isEqualTo(1.0 / 60);
        assertThat(minute.slope()).isNull();
        Summary five = out.get(5);
        assertThat(five.bars()).isEqualTo(3);
        assertThat(five.expected()).isEqualTo(300);
        assertThat(five.coverage()).isEqualTo(0.01); // 3 / 300
        assertThat(five.firstClose()).isEqualTo(100.0);
        // window [S - 209000, S + 91000): x = 209, 239, 299; mean x = 249; dx = -40, -10, 50; Sxx = 4200;
        // closes 100, 102, 101, mean 101, dc = -1, 1, 0; Sxy = 40 - 10 = 30; slope = 30 / 4200 = 1 / 140
        assertThat(five.slope()).isCloseTo(1.0 / 140, within(EPS));
        assertThat(h.counter("ticktape.summaries.emitted")).isEqualTo(6.0);
        assertThat(h.counter("ticktape.summaries.recomputed")).isZero();
    }

    @Test
    void revisedBarReEmitsEveryLaterSummaryWhoseWindowHoldsIt() {
        restart(windows(Duration.ofMinutes(15), 2, 60));
        for (int i = 0; i < 5; i++) h.bar(S + i * 1_000L, 100 + i); // closes 100..104
        h.drain();

        h.bar(S + 1_000, 111, 1, null, 1); // revision 1 of the second bar: close 101 -> 111

        List<Summary> out = h.drain();
        // 2 s windows holding S + 1000 end at S + 2000 and S + 3000; 60 s windows at S + 2000 .. S + 5000.
        assertThat(out)
                .extracting(Summary::windowMs, Summary::tsMs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2_000L, S + 2_000),
                        org.assertj.core.groups.Tuple.tuple(2_000L, S + 3_000),
                        org.assertj.core.groups.Tuple.tuple(60_000L, S + 2_000),
                        org.assertj.core.groups.Tuple.tuple(60_000L, S + 3_000),
                        org.assertj.core.groups.Tuple.tuple(60_000L, S + 4_000),
                        org.assertj.core.groups.Tuple.tuple(60_000L, S + 5_000));
        assertThat(out).allSatisfy(s -> assertThat(s.revision()).isEqualTo(1));
        // 2 s ending S + 3000: closes 111, 102 -> mean 106.5, last 102
        assertThat(out.get(1).meanClose()).isEqualTo(106.5);
        assertThat(out.get(1).lastClose()).isEqualTo(102.0);
        // 60 s ending S + 5000: closes 100, 111, 102, 103, 104 -> mean 520 / 5 = 104, max 111
        Summary last = out.get(5);
        assertThat(last.meanClose()).isCloseTo(104.0, within(EPS));
        assertThat(last.maxClose()).isEqualTo(111.0);
        assertThat(last.bars()).isEqualTo(5);
        assertThat(h.counter("ticktape.summaries.recomputed")).isEqualTo(4.0); // all but the two own ends
        assertThat(h.counter("ticktape.summaries.emitted")).isEqualTo(10.0 + 6.0); // 5 bars x 2 windows, then 6
        // The latest stays the newest end, now with the revision in it.
        assertThat(h.latest(60_000, KEY).tsMs()).isEqualTo(S + 5_000);
        assertThat(h.latest(60_000, KEY).revision()).isEqualTo(1);
        assertThat(h.latest(2_000, KEY).tsMs()).isEqualTo(S + 5_000);
        assertThat(h.latest(2_000, KEY).revision()).isZero(); // its window [S + 3000, S + 5000) is untouched
    }

    @Test
    void lateOlderBarReEmitsLaterSummaries() {
        h.bar(S, 100);
        h.bar(S + 2_000, 102);
        h.bar(S + 3_000, 103);
        List<Summary> before = h.drain();
        assertThat(before.get(2).bars()).isEqualTo(3); // S, S + 2000, S + 3000

        h.bar(S + 1_000, 101); // arrives after later bars

        List<Summary> out = h.drain();
        assertThat(out).extracting(Summary::tsMs).containsExactly(S + 2_000, S + 3_000, S + 4_000);
        assertThat(out).extracting(Summary::bars).containsExactly(2, 3, 4);
        // End S + 4000: closes 100, 101, 102, 103 at x = 56..59: slope 1 per second, mean 101.5
        assertThat(out.get(2).slope()).isCloseTo(1.0, within(EPS));
        assertThat(out.get(2).meanClose()).isCloseTo(101.5, within(EPS));
        assertThat(h.counter("ticktape.summaries.recomputed")).isEqualTo(2.0);
        assertThat(h.latest(60_000, KEY).tsMs()).isEqualTo(S + 4_000);
        assertThat(h.latest(60_000, KEY).bars()).isEqualTo(4);
    }

    @Test
    void barBehindTheHorizonIsSkippedAndCounted() {
        restart(windows(Duration.ofSeconds(10), 5));
        h.bar(S + 20_000, 100);
        h.bar(S + 9_000, 99); // 11 s behind the newest: beyond the 10 s horizon
        h.bar(S + 10_000, 98); // exactly 10 s behind: still revisable

        List<Summary> out = h.drain();
        assertThat(out).extracting(Summary::tsMs).containsExactly(S + 21_000, S + 11_000);
        assertThat(h.counter("ticktape.analytics.skipped", "reason", "behind_horizon"))
                .isEqualTo(1.0);
    }

    @Test
    void undecodableValuesAreCountedAndSkipped() {
        h.bars.pipeInput(KEY, "not json");
        h.bars.pipeInput(
                KEY,
                "{\"type\":\"ohlc1m\",\"venue\":\"binance\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + S
                        + ",\"open\":1,\"high\":1,\"low\":1,\"close\":1,\"volume\":1,\"trades\":1}");
        h.bar(S, 100);

        assertThat(h.drain()).hasSize(1);
        assertThat(h.counter("ticktape.analytics.skipped", "reason", "undecodable"))
                .isEqualTo(2.0);
    }

    @Test
    void lowerRevisionThanStoredIsSkipped() {
        h.bar(S, 100, 1, null, 2);
        h.bar(S, 90, 1, null, 1);

        assertThat(h.drain()).extracting(Summary::lastClose).containsExactly(100.0);
        assertThat(h.counter("ticktape.analytics.skipped", "reason", "stale_revision"))
                .isEqualTo(1.0);
    }

    @Test
    void storeKeepsOnlyHorizonPlusLargestWindowOfBars() {
        restart(windows(Duration.ofSeconds(10), 2, 5));
        for (int i = 0; i < 100; i++) h.bar(S + i * 1_000L, 100 + i % 7);
        h.bar("ETHUSDT", S, 50, 1, null, 0);

        // Newest start S + 99000; kept are starts >= S + 99000 - (10 s + 5 s) = S + 84000: 16 bars.
        int btc = 0;
        int eth = 0;
        try (var it = h.driver
                .<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(SummaryTopology.BARS_STORE)
                .all()) {
            while (it.hasNext()) {
                String key = new String(it.next().key.get(), java.nio.charset.StandardCharsets.UTF_8);
                if (key.startsWith(KEY + "\0")) btc++;
                else if (key.startsWith("binance:ETHUSDT\0")) eth++;
            }
        }
        assertThat(btc).isEqualTo(16);
        assertThat(eth).isEqualTo(1);
    }

    @Test
    void latestStoreKeepsTheLatestSummaryPerWindowAndInstrument() {
        restart(windows(Duration.ofMinutes(15), 60, 300));
        h.bar(S, 100);
        h.bar(S + 1_000, 101);
        h.bar("ETHUSDT", S + 5_000, 50, 1, null, 0);

        assertThat(h.latest(60_000, KEY).tsMs()).isEqualTo(S + 2_000);
        assertThat(h.latest(300_000, KEY).tsMs()).isEqualTo(S + 2_000);
        assertThat(h.latest(300_000, KEY).windowMs()).isEqualTo(300_000);
        assertThat(h.latest(60_000, "binance:ETHUSDT").lastClose()).isEqualTo(50.0);
        assertThat(h.latest(120_000, KEY)).isNull();
    }
}
