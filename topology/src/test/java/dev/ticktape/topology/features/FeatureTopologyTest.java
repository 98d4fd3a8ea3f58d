package dev.ticktape.topology.features;

import static dev.ticktape.model.features.FeatureDefinition.MOMENTUM_20;
import static dev.ticktape.model.features.FeatureDefinition.PRICE_TO_OPEN;
import static dev.ticktape.model.features.FeatureDefinition.RANGE_POSITION;
import static dev.ticktape.model.features.FeatureDefinition.RSI_14;
import static dev.ticktape.model.features.FeatureDefinition.VOLATILITY_20;
import static dev.ticktape.model.features.FeatureDefinition.VWAP;
import static dev.ticktape.topology.features.FeatureHarness.MINUTE;
import static dev.ticktape.topology.features.FeatureHarness.NOW;
import static dev.ticktape.topology.features.FeatureHarness.at;
import static dev.ticktape.topology.features.FeatureHarness.bar;
import static dev.ticktape.topology.features.FeatureHarness.flat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.features.FeatureDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The features topology end to end on hand-computed series; each expected value's arithmetic is in a comment. */
class FeatureTopologyTest {
    private static final Offset<Double> EPS = within(1e-9);
    /** A Monday, 10:00 UTC. */
    private static final long T = at("2026-03-02T10:00:00Z");

    private static final String BTC = "binance:SYM";
    private final List<FeatureHarness> harnesses = new ArrayList<>();

    private FeatureHarness harness(FeatureConfig cfg) {
        FeatureHarness h = new FeatureHarness(cfg);
        harnesses.add(h);
        return h;
    }

    private FeatureHarness harness() {
        return harness(FeatureConfig.defaults());
    }

    @AfterEach
    void close() {
        harnesses.forEach(FeatureHarness::close);
    }

    private static long m(int minute) {
        return T + minute * MINUTE;
    }

    private static double value(FeatureSet f, String name) {
        assertThat(f.values()).containsKey(name);
        return f.values().get(name);
    }

    @Test
    void emitsOneFeatureSetPerBarKeyedAndStampedByBarStart() {
        FeatureHarness h = harness();
        h.send(bar("binance", BarInterval.M1, m(0), 10, 12, 9, 11, 100, 10.5));
        h.send(bar("binance", BarInterval.M1, m(1), 11, 15, 10, 14, 300, null));
        h.send(bar("binance", BarInterval.M1, m(2), 14, 14, 8, 8, 100, 9.0));

        List<TestRecord<String, String>> out = h.drainRecords();
        assertThat(out).extracting(TestRecord::key).containsOnly(BTC);
        assertThat(out).extracting(TestRecord::timestamp).containsExactly(m(0), m(1), m(2));
        List<FeatureSet> sets =
                out.stream().map(r -> FeatureHarness.decode(r.value())).toList();
        FeatureSet first = sets.get(0);
        assertThat(first.venue()).isEqualTo("binance");
        assertThat(first.symbol()).isEqualTo("SYM");
        assertThat(first.interval()).isEqualTo(BarInterval.M1);
        assertThat(first.tsMs()).isEqualTo(m(0));
        assertThat(first.recvMs()).isEqualTo(NOW);
        assertThat(first.version()).isEqualTo(FeatureDefinition.V1);
        assertThat(first.session()).isEqualTo("2026-03-02");
        assertThat(first.barRevision()).isZero();
        assertThat(first.values().keySet()).containsExactly(VWAP, PRICE_TO_OPEN, RANGE_POSITION);
        // b1: vwap 10.5; 11/10 - 1 = 0.1; (11 - 9)/(12 - 9) = 2/3
        assertThat(value(first, VWAP)).isCloseTo(10.5, EPS);
        assertThat(value(first, PRICE_TO_OPEN)).isCloseTo(0.1, EPS);
        assertThat(value(first, RANGE_POSITION)).isCloseTo(2.0 / 3, EPS);
        // b2 has no vwap, p = 14: (1050 + 4200)/400 = 13.125; 14/10 - 1 = 0.4; (14 - 9)/(15 - 9) = 5/6
        assertThat(value(sets.get(1), VWAP)).isCloseTo(13.125, EPS);
        assertThat(value(sets.get(1), PRICE_TO_OPEN)).isCloseTo(0.4, EPS);
        assertThat(value(sets.get(1), RANGE_POSITION)).isCloseTo(5.0 / 6, EPS);
        // b3: (5250 + 900)/500 = 12.3; 8/10 - 1 = -0.2; (8 - 8)/(15 - 8) = 0
        assertThat(value(sets.get(2), VWAP)).isCloseTo(12.3, EPS);
        assertThat(value(sets.get(2), PRICE_TO_OPEN)).isCloseTo(-0.2, EPS);
        assertThat(value(sets.get(2), RANGE_POSITION)).isCloseTo(0.0, EPS);
        assertThat(h.counter("ticktape.features.emitted")).isEqualTo(3);
        assertThat(h.counter("ticktape.features.recomputed")).isZero();
    }

    @Test
    void utcSessionResetsAtMidnight() {
        FeatureHarness h = harness();
        h.send(flat("binance", at("2026-03-02T23:58:00Z"), 100, 1));
        h.send(flat("binance", at("2026-03-02T23:59:00Z"), 110, 1));
        h.send(bar("binance", BarInterval.M1, at("2026-03-03T00:00:00Z"), 200, 220, 200, 215, 1, null));

        List<FeatureSet> out = h.drain();
        assertThat(out).extracting(FeatureSet::session).containsExactly("2026-03-02", "2026-03-02", "2026-03-03");
        // 23:59: 110/100 - 1 = 0.1; vwap (100 + 110)/2 = 105
        assertThat(value(out.get(1), PRICE_TO_OPEN)).isCloseTo(0.1, EPS);
        assertThat(value(out.get(1), VWAP)).isCloseTo(105.0, EPS);
        // 00:00 starts over: 215/200 - 1 = 0.075; vwap 215; (215 - 200)/(220 - 200) = 0.75
        assertThat(value(out.get(2), PRICE_TO_OPEN)).isCloseTo(0.075, EPS);
        assertThat(value(out.get(2), VWAP)).isCloseTo(215.0, EPS);
        assertThat(value(out.get(2), RANGE_POSITION)).isCloseTo(0.75, EPS);
    }

    /** 21 1m bars from {@code start}: log returns +0.02 (even k), -0.01 (odd k) from c1 = 100. */
    private static List<Bar> zigzag(String venue, long start) {
        List<Bar> bars = new ArrayList<>();
        double logClose = Math.log(100);
        for (int k = 1; k <= 21; k++) {
            if (k > 1) logClose += k % 2 == 0 ? 0.02 : -0.01;
            bars.add(flat(venue, start + (k - 1) * MINUTE, Math.exp(logClose), k));
        }
        return bars;
    }

    @Test
    void usEquityCountsPreMarketBarAndAnnualisesOverTradingYear() {
        FeatureHarness h = harness();
        // 2026-03-09 is a Monday in EDT (DST began 2026-03-08): 09:29 ET = 13:29Z is pre-market.
        h.send(flat("polygon", at("2026-03-09T13:29:00Z"), 100, 1));

        assertThat(h.features.isEmpty()).isTrue();
        assertThat(h.counter("ticktape.features.outside_session")).isEqualTo(1);

        long open = at("2026-03-09T13:30:00Z"); // 09:30 EDT
        zigzag("polygon", open).forEach(h::send);
        zigzag("binance", open).forEach(h::send);

        List<FeatureSet> out = h.drain();
        List<FeatureSet> polygon =
                out.stream().filter(f -> f.venue().equals("polygon")).toList();
        List<FeatureSet> binance =
                out.stream().filter(f -> f.venue().equals("binance")).toList();
        assertThat(polygon).hasSize(21).allMatch(f -> f.session().equals("2026-03-09"));
        // The 09:30 bar is k = 1: the 09:29 bar was not counted, so c1/o1 - 1 = 0
        assertThat(value(polygon.get(0), PRICE_TO_OPEN)).isEqualTo(0.0);
        assertThat(polygon.get(19).values()).doesNotContainKey(VOLATILITY_20); // k = 20
        // k = 21: ten returns of +0.02, ten of -0.01: mean square 0.00025.
        // us-equity P = 252*23400/60 = 98,280: sqrt(0.00025*98280) = sqrt(24.57)
        assertThat(value(polygon.get(20), VOLATILITY_20)).isCloseTo(Math.sqrt(24.57), EPS);
        // utc P = 365*86400/60 = 525,600: sqrt(0.00025*525600) = sqrt(131.4)
        assertThat(value(binance.get(20), VOLATILITY_20)).isCloseTo(Math.sqrt(131.4), EPS);
        // momentum at k = 21 for both: exp(10*0.02 - 10*0.01) - 1 = exp(0.1) - 1
        assertThat(value(polygon.get(20), MOMENTUM_20)).isCloseTo(Math.exp(0.1) - 1, EPS);
    }

    @Test
    void missingMinutesAreNotFilled() {
        FeatureHarness h = harness();
        for (int minute = 0; minute <= 15; minute++) {
            if (minute != 7) h.send(flat("binance", m(minute), 100, 1));
        }

        List<FeatureSet> out = h.drain();
        assertThat(out).hasSize(15);
        // k counts present bars: minute 14 is k = 14 (no RSI yet), minute 15 is k = 15 (flat: RSI 50)
        assertThat(out.get(13).tsMs()).isEqualTo(m(14));
        assertThat(out.get(13).values()).doesNotContainKey(RSI_14);
        assertThat(out.get(14).tsMs()).isEqualTo(m(15));
        assertThat(value(out.get(14), RSI_14)).isEqualTo(50.0);
    }

    @Test
    void revisedBarReEmitsTheLaterBarsOfItsSessionOnly() {
        FeatureHarness h = harness();
        long base = at("2026-03-02T23:55:00Z");
        for (int i = 0; i < 5; i++) h.send(flat("binance", base + i * MINUTE, 100, 10));
        h.send(flat("binance", at("2026-03-03T00:00:00Z"), 100, 10));
        h.drain();

        Bar revised = bar("binance", BarInterval.M1, base + 2 * MINUTE, 100, 120, 100, 120, 10, null)
                .withRevision(1);
        h.send(revised);

        List<FeatureSet> out = h.drain();
        assertThat(out)
                .extracting(FeatureSet::tsMs)
                .containsExactly(base + 2 * MINUTE, base + 3 * MINUTE, base + 4 * MINUTE);
        assertThat(out).extracting(FeatureSet::barRevision).containsExactly(1, 0, 0);
        // 23:57 (k = 3): vwap (1000 + 1000 + 120*10)/30 = 106.667; 120/100 - 1 = 0.2; (120 - 100)/(120 - 100) = 1
        assertThat(value(out.get(0), VWAP)).isCloseTo(3200.0 / 30, EPS);
        assertThat(value(out.get(0), PRICE_TO_OPEN)).isCloseTo(0.2, EPS);
        assertThat(value(out.get(0), RANGE_POSITION)).isCloseTo(1.0, EPS);
        // 23:58 (k = 4): (3200 + 1000)/40 = 105; range now H = 120, L = 100: (100 - 100)/20 = 0 (was 0.5, flat)
        assertThat(value(out.get(1), VWAP)).isCloseTo(105.0, EPS);
        assertThat(value(out.get(1), RANGE_POSITION)).isCloseTo(0.0, EPS);
        // 23:59 (k = 5): (4200 + 1000)/50 = 104
        assertThat(value(out.get(2), VWAP)).isCloseTo(104.0, EPS);
        assertThat(h.counter("ticktape.features.recomputed")).isEqualTo(3);
        assertThat(h.counter("ticktape.features.emitted")).isEqualTo(6 + 3);
    }

    @Test
    void lateOlderBarIsInsertedAndTheLaterBarRecomputed() {
        FeatureHarness h = harness();
        h.send(flat("binance", m(0), 100, 10));
        h.send(flat("binance", m(1), 100, 10));
        h.send(flat("binance", m(3), 100, 10));
        assertThat(value(h.drain().get(2), VWAP)).isCloseTo(100.0, EPS);

        h.send(bar("binance", BarInterval.M1, m(2), 100, 130, 100, 130, 20, 120.0));

        List<FeatureSet> out = h.drain();
        assertThat(out).extracting(FeatureSet::tsMs).containsExactly(m(2), m(3));
        // m2 (k = 3): (1000 + 1000 + 120*20)/40 = 110; (130 - 100)/(130 - 100) = 1
        assertThat(value(out.get(0), VWAP)).isCloseTo(110.0, EPS);
        assertThat(value(out.get(0), RANGE_POSITION)).isCloseTo(1.0, EPS);
        // m3 (k = 4): (4400 + 1000)/50 = 108; H = 130, L = 100: (100 - 100)/30 = 0
        assertThat(value(out.get(1), VWAP)).isCloseTo(108.0, EPS);
        assertThat(value(out.get(1), RANGE_POSITION)).isCloseTo(0.0, EPS);
        assertThat(h.counter("ticktape.features.recomputed")).isEqualTo(1);
        assertThat(h.counter("ticktape.features.emitted")).isEqualTo(5);
        // the latest set stays m3, with the recomputed values
        assertThat(h.latest(BarInterval.M1, BTC).tsMs()).isEqualTo(m(3));
        assertThat(value(h.latest(BarInterval.M1, BTC), VWAP)).isCloseTo(108.0, EPS);
    }

    @Test
    void lowerRevisionThanStoredIsIgnoredAndEqualOneReplaces() {
        FeatureHarness h = harness();
        h.send(flat("binance", m(0), 100, 1).withRevision(2));
        h.send(flat("binance", m(0), 105, 1).withRevision(1));

        assertThat(h.drain()).extracting(FeatureSet::barRevision).containsExactly(2);

        h.send(bar("binance", BarInterval.M1, m(0), 100, 101, 100, 101, 1, null).withRevision(2));
        List<FeatureSet> out = h.drain();
        // 101/100 - 1 = 0.01
        assertThat(out).hasSize(1);
        assertThat(value(out.get(0), PRICE_TO_OPEN)).isCloseTo(0.01, EPS);
    }

    @Test
    void barBehindTheHorizonIsSkippedAndCounted() {
        FeatureHarness h = harness(); // horizon 15 min
        h.send(flat("binance", m(0), 100, 1));
        h.send(flat("binance", m(20), 110, 1));
        h.drain();

        h.send(flat("binance", m(4), 90, 1)); // 4 < 20 - 15
        assertThat(h.features.isEmpty()).isTrue();
        assertThat(h.counter("ticktape.analytics.skipped", "reason", "behind_horizon"))
                .isEqualTo(1);

        h.send(flat("binance", m(5), 120, 1)); // 5 = 20 - 15: still admissible
        List<FeatureSet> out = h.drain();
        assertThat(out).extracting(FeatureSet::tsMs).containsExactly(m(5), m(20));
        // m5 resumes from m0 (k = 2): 120/100 - 1 = 0.2; m20 (k = 3): vwap (100 + 120 + 110)/3 = 110
        assertThat(value(out.get(0), PRICE_TO_OPEN)).isCloseTo(0.2, EPS);
        assertThat(value(out.get(1), VWAP)).isCloseTo(110.0, EPS);
    }

    @Test
    void storeKeepsTheHorizonPlusTwentyOneBars() {
        FeatureHarness h = harness();
        for (int minute = 0; minute <= 40; minute++) h.send(flat("binance", m(minute), 100, 1));

        // newest 40, cutoff 40 - (15 + 21) = 4: minutes 4..40 stay
        assertThat(h.storedStarts(BarInterval.M1, BTC))
                .containsExactlyElementsOf(LongStream.rangeClosed(4, 40)
                        .map(i -> m((int) i))
                        .boxed()
                        .toList());
    }

    @Test
    void quietInstrumentKeepsTheBarLateOnesResumeFrom() {
        FeatureHarness h = harness();
        h.send(flat("binance", m(0), 100, 1));
        h.send(flat("binance", m(60), 110, 1));
        // cutoff 60 - 36 = 24, but nothing lies in [24, 45): m0 is what a bar at 45..60 resumes from
        assertThat(h.storedStarts(BarInterval.M1, BTC)).containsExactly(m(0), m(60));
        h.drain();

        h.send(flat("binance", m(50), 120, 1));
        List<FeatureSet> out = h.drain();
        // m50 is k = 2 after m0: 120/100 - 1 = 0.2; m60 becomes k = 3: vwap (100 + 120 + 110)/3 = 110
        assertThat(out).extracting(FeatureSet::tsMs).containsExactly(m(50), m(60));
        assertThat(value(out.get(0), PRICE_TO_OPEN)).isCloseTo(0.2, EPS);
        assertThat(value(out.get(1), VWAP)).isCloseTo(110.0, EPS);

        h.send(flat("binance", m(100), 100, 1));
        // cutoff 64, admissible from 85: nothing in [64, 85), so m60 is kept as the base, m0 and m50 go
        assertThat(h.storedStarts(BarInterval.M1, BTC)).containsExactly(m(60), m(100));
    }

    @Test
    void latestStoreHoldsTheNewestSetPerIntervalAndInstrument() {
        FeatureHarness h = harness(FeatureConfig.defaults().withIntervals(Set.of(BarInterval.M1, BarInterval.S1)));
        h.send(flat("binance", m(1), 100, 1));
        h.send(flat("binance", m(0), 100, 1)); // older: recomputes m1, which stays the latest
        h.send(bar("binance", BarInterval.S1, m(0), 50, 50, 50, 50, 1, null));
        h.send(bar("binance", BarInterval.S1, m(0) + 1_000, 50, 55, 50, 55, 1, null));
        h.send(flat("other", m(0), 10, 1));

        FeatureSet minute = h.latest(BarInterval.M1, BTC);
        assertThat(minute.tsMs()).isEqualTo(m(1));
        assertThat(minute.interval()).isEqualTo(BarInterval.M1);
        assertThat(value(minute, PRICE_TO_OPEN)).isEqualTo(0.0);
        FeatureSet second = h.latest(BarInterval.S1, BTC);
        assertThat(second.tsMs()).isEqualTo(m(0) + 1_000);
        assertThat(second.interval()).isEqualTo(BarInterval.S1);
        // 55/50 - 1 = 0.1
        assertThat(value(second, PRICE_TO_OPEN)).isCloseTo(0.1, EPS);
        assertThat(h.latest(BarInterval.M1, "other:SYM").tsMs()).isEqualTo(m(0));
        assertThat(h.latest(BarInterval.S1, "other:SYM")).isNull();
    }

    @Test
    void undecodableValuesAndBarsOfAnotherIntervalAreCounted() {
        FeatureHarness h = harness();
        h.sendRaw(BarInterval.M1, BTC, "not json");
        h.sendRaw(BarInterval.M1, BTC, null);
        h.sendRaw(
                BarInterval.M1,
                BTC,
                "{\"type\":\"trade\",\"venue\":\"binance\",\"symbol\":\"SYM\",\"ts_ms\":" + T
                        + ",\"price\":1,\"qty\":1}");
        Bar second = bar("binance", BarInterval.S1, m(0), 50, 50, 50, 50, 1, null);
        h.sendRaw(BarInterval.M1, BTC, new String(FeatureHarness.CODEC.encode(second), StandardCharsets.UTF_8));
        h.sendRaw(BarInterval.M1, BTC, "{\"type\":\"ohlc1m\",\"venue\":\"binance\",\"symbol\":\"SYM\",\"ts_ms\":1}");

        assertThat(h.features.isEmpty()).isTrue();
        assertThat(h.counter("ticktape.analytics.skipped", "reason", "undecodable"))
                .isEqualTo(5);
    }

    @Test
    void bothIntervalsShareOneLatestStoreAndPrefixEveryName() {
        FeatureHarness h = harness(FeatureConfig.defaults().withIntervals(Set.of(BarInterval.M1, BarInterval.S1)));
        TopologyDescription d = h.topology.describe();

        assertThat(d.subtopologies()).hasSize(1); // the shared store joins the two intervals
        List<String> names = new ArrayList<>();
        d.subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    names.add(n.name());
                    if (n instanceof TopologyDescription.Processor p) {
                        String label = n.name().startsWith("features-1m-") ? "1m" : "1s";
                        assertThat(p.stores())
                                .containsExactlyInAnyOrder("features-" + label + "-bars", "features-latest");
                    }
                }));
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "features-1s-source",
                        "features-1s-compute",
                        "features-1s-sink",
                        "features-1m-source",
                        "features-1m-compute",
                        "features-1m-sink");
    }
}
