package dev.ticktape.topology.decisions;

import static dev.ticktape.topology.decisions.DecisionHarness.RUN;
import static dev.ticktape.topology.decisions.DecisionHarness.S;
import static dev.ticktape.topology.decisions.DecisionHarness.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Decision;
import dev.ticktape.model.Status;
import dev.ticktape.topology.SeriesKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Decisions as the processor emits them, against hand-computed values. Defaults: 60 s window, so
 * {@code trend_bps = slope_norm × 60 × 10,000 = slope_norm × 600,000}; enter 2 bps, exit 1 bps; close 100, so a
 * unit of exposure costs 100 × (0.0005 + 0.0003) = 0.08.
 */
class DecisionTopologyTest {
    private static final double EPS = 1e-9;
    private static final String KEY = "binance:BTCUSDT";

    /** slope_norm of a trend: 5e-6 × 600,000 = 3 bps; 2.5e-6 → 1.5; 1e-6 → 0.6. */
    private static final double UP = 5e-6;

    private static final double NOISE_UP = 2.5e-6;
    private static final double SMALL_UP = 1e-6;
    private static final double DOWN = -UP;
    private static final double NOISE_DOWN = -NOISE_UP;
    private static final double SMALL_DOWN = -SMALL_UP;

    private final DecisionHarness h = new DecisionHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void theFirstDecisionStartsFromTargetZeroWithEveryField() {
        h.summary(S + 1_000, UP);

        List<TestRecord<String, String>> out = h.drainRecords();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo(KEY);
        assertThat(out.get(0).timestamp()).isEqualTo(S); // record time = ts_ms = the bar start
        Decision d = DecisionHarness.decode(out.get(0).value());
        assertThat(d.venue()).isEqualTo("binance");
        assertThat(d.symbol()).isEqualTo("BTCUSDT");
        assertThat(d.tsMs()).isEqualTo(S); // summary end - 1 s
        assertThat(d.recvMs()).isEqualTo(S + 1_000); // the summary end, not the wall clock
        assertThat(d.runId()).isEqualTo(RUN);
        assertThat(d.close()).isEqualTo(100.0);
        assertThat(d.state()).isEqualTo(1); // 3 bps >= 2 from 0
        assertThat(d.direction()).isEqualTo("long");
        assertThat(d.targetExposure()).isEqualTo(1.0);
        assertThat(d.deltaExposure()).isEqualTo(1.0); // 1 - 0: the first decision starts from 0
        assertThat(d.urgency()).isCloseTo(0.375, within(EPS)); // 3 / (4 × 2)
        assertThat(d.hold()).isFalse();
        assertThat(d.actionability()).isEqualTo(1.0); // coverage 60 / 60
        assertThat(d.reason()).isEqualTo("enter_long");
        assertThat(d.gateOpen()).isTrue();
        assertThat(d.posture()).isEqualTo(Decision.Posture.ACTIVE);
        assertThat(d.cost()).isCloseTo(0.08, within(EPS)); // |1| × 100 × 0.0008
        assertThat(d.sourceFile()).isEqualTo("live:BTCUSDT");
        assertThat(h.counter(DecisionMetrics.EMITTED, "posture", "ACTIVE")).isEqualTo(1);
    }

    @Test
    void theFirstDecisionInsideTheBandIsFlatWithNoChange() {
        h.summary(DecisionHarness.summary("binance", "BTCUSDT", S + 1_000, WINDOW, 30, 100, NOISE_UP));

        Decision d = h.one();
        assertThat(d.state()).isZero(); // 1.5 bps < 2
        assertThat(d.targetExposure()).isZero();
        assertThat(d.deltaExposure()).isZero();
        assertThat(d.direction()).isEqualTo("flat");
        assertThat(d.reason()).isEqualTo("no_change");
        assertThat(d.hold()).isFalse();
        assertThat(d.actionability()).isEqualTo(0.5); // coverage 30 / 60, not held, ACTIVE
        assertThat(d.urgency()).isCloseTo(0.1875, within(EPS)); // 1.5 / 8
        assertThat(d.cost()).isZero();
    }

    /** One row per bar: trend, then the state, target, delta and reason the table gives. */
    @Test
    void theHysteresisTableRowByRow() {
        long end = S + 1_000;
        Object[][] rows = {
            // slope_norm, trend bps, state, target, delta, reason
            {UP, 3.0, 1, 1, 1, "enter_long"}, // 0 -> +1: 3 >= 2
            {NOISE_UP, 1.5, 1, 1, 0, "no_change"}, // noisy bar: 1.5 > exit 1, stays +1
            {null, null, 1, 1, 0, "no_change"}, // no slope: keeps +1
            {NOISE_DOWN, -1.5, 0, 0, -1, "exit"}, // -2 < -1.5 <= 1: +1 -> 0
            {NOISE_DOWN, -1.5, 0, 0, 0, "no_change"}, // from 0, |-1.5| < 2
            {DOWN, -3.0, -1, -1, -1, "enter_short"}, // -3 <= -2
            {NOISE_DOWN, -1.5, -1, -1, 0, "no_change"}, // -1.5 < -exit: stays -1
            {SMALL_UP, 0.6, 0, 0, 1, "exit"}, // -1 <= 0.6 < 2: -1 -> 0
            {DOWN, -3.0, -1, -1, -1, "enter_short"},
            {UP, 3.0, 1, 1, 2, "reverse_long"}, // -1 -> +1 directly: 3 >= 2
            {SMALL_UP, 0.6, 0, 0, -1, "exit"}, // 0.6 <= exit 1
            {UP, 3.0, 1, 1, 1, "enter_long"},
            {DOWN, -3.0, -1, -1, -2, "reverse_short"}, // +1 -> -1 directly: -3 <= -2
            {SMALL_DOWN, -0.6, 0, 0, 1, "exit"}, // -1 <= -0.6: -1 -> 0
        };
        for (Object[] row : rows) {
            h.summary(end, (Double) row[0]);
            Decision d = h.one();
            String at = "row with trend " + row[1];
            assertThat(d.state()).as(at).isEqualTo(row[2]);
            assertThat(d.targetExposure()).as(at).isEqualTo(((Integer) row[3]).doubleValue());
            assertThat(d.deltaExposure()).as(at).isEqualTo(((Integer) row[4]).doubleValue());
            assertThat(d.reason()).as(at).isEqualTo(row[5]);
            // cost = |delta| × 100 × 0.0008
            assertThat(d.cost()).as(at).isCloseTo(Math.abs((Integer) row[4]) * 0.08, within(EPS));
            double urgency = row[1] == null ? 0 : Math.min(1, Math.abs((Double) row[1]) / 8);
            assertThat(d.urgency()).as(at).isCloseTo(urgency, within(EPS));
            assertThat(d.direction()).as(at).isEqualTo(Decision.directionOf(d.targetExposure()));
            end += 1_000;
        }
    }

    @Test
    void urgencyIsCappedAtOne() {
        h.summary(S + 1_000, 2e-5); // 12 bps / 8 = 1.5, capped

        assertThat(h.one().urgency()).isEqualTo(1.0);
    }

    @Test
    void reEmittedSummariesForDecidedEndsAreIgnoredAndCounted() {
        h.summary(S + 1_000, UP);
        h.summary(S + 2_000, UP);
        assertThat(h.drain()).hasSize(2);

        // A late bar re-emits the summaries of both ends (revised): neither is decided again, whatever they say.
        h.summary(S + 1_000, DOWN);
        h.summary(S + 2_000, DOWN);
        assertThat(h.drain()).isEmpty();
        assertThat(h.counter(DecisionMetrics.IGNORED, "reason", "revised_summary"))
                .isEqualTo(2);

        // The next end is decided from the state the first two left: +1, so a 1.5 bps bar keeps it.
        h.summary(S + 3_000, NOISE_UP);
        Decision d = h.one();
        assertThat(d.tsMs()).isEqualTo(S + 2_000);
        assertThat(d.state()).isEqualTo(1);
        assertThat(d.reason()).isEqualTo("no_change");
    }

    @Test
    void otherWindowsAndUndecodableValuesAreIgnoredAndCounted() {
        h.summary(DecisionHarness.summary("binance", "BTCUSDT", S + 1_000, 300_000, 60, 100, UP));
        h.rawSummary(KEY, "not json", S + 1_000);
        h.rawSummary(KEY, null, S + 1_000);
        assertThat(h.drain()).isEmpty();
        assertThat(h.counter(DecisionMetrics.IGNORED, "reason", "other_window")).isEqualTo(1);
        assertThat(h.counter(DecisionMetrics.IGNORED, "reason", "undecodable")).isEqualTo(2);

        // The 300 s summary left no trace: the 60 s one of the same end is the instrument's first decision.
        h.summary(S + 1_000, UP);
        assertThat(h.one().deltaExposure()).isEqualTo(1.0);
    }

    @Test
    void instrumentsAreDecidedApart() {
        h.summary(S + 1_000, UP);
        h.summary(DecisionHarness.summary("binance", "ETHUSDT", S + 1_000, WINDOW, 60, 2_000, DOWN));
        h.summary(DecisionHarness.summary("coinbase", "BTCUSDT", S + 500, WINDOW, 60, 100, null));

        List<Decision> out = h.drain();
        assertThat(out).extracting(Decision::symbol).containsExactly("BTCUSDT", "ETHUSDT", "BTCUSDT");
        assertThat(out).extracting(Decision::reason).containsExactly("enter_long", "enter_short", "no_change");
        assertThat(out.get(1).cost()).isCloseTo(1.6, within(EPS)); // 1 × 2000 × 0.0008
        assertThat(out.get(1).sourceFile()).isEqualTo("live:ETHUSDT");
        assertThat(out.get(2).tsMs()).isEqualTo(S - 500); // coinbase's end S + 500 minus 1 s
    }

    @Test
    void aRestoredTaskContinuesFromItsStoresAlone() {
        // What a changelog restore would bring back: the last decision (end S + 5 s, state +1, target +1) and the
        // cost of a change made at bar time S + 4 s. The processor holds nothing else.
        KeyValueStore<Bytes, byte[]> instruments = h.driver.getKeyValueStore(DecisionTopology.INSTRUMENTS_STORE);
        instruments.put(
                Bytes.wrap(KEY.getBytes(StandardCharsets.UTF_8)), new InstrumentState(S + 5_000, 1, 1).encode());
        KeyValueStore<Bytes, byte[]> costs = h.driver.getKeyValueStore(DecisionTopology.COSTS_STORE);
        costs.put(
                SeriesKeys.of(KEY, S + 4_000),
                ByteBuffer.allocate(8).putDouble(0.5).array());

        h.summary(S + 5_000, DOWN);
        assertThat(h.drain()).isEmpty(); // already decided

        h.summary(S + 6_000, NOISE_UP); // 1.5 bps from +1: kept
        Decision d = h.one();
        assertThat(d.state()).isEqualTo(1);
        assertThat(d.targetExposure()).isEqualTo(1.0);
        assertThat(d.reason()).isEqualTo("no_change");
    }

    @Test
    void costsInTheStoreCountAgainstTheBudget() {
        try (DecisionHarness b = new DecisionHarness(
                DecisionConfig.defaults(RUN, WINDOW).withCostGate(0, 0.5, Duration.ofSeconds(60)))) {
            KeyValueStore<Bytes, byte[]> costs = b.driver.getKeyValueStore(DecisionTopology.COSTS_STORE);
            costs.put(
                    SeriesKeys.of(KEY, S - 1_000),
                    ByteBuffer.allocate(8).putDouble(0.45).array());

            b.summary(S + 1_000, UP); // 0.45 + 0.08 = 0.53 > 0.5
            assertThat(b.one().reason()).isEqualTo("cost_budget");
        }
    }

    @Test
    void aReplayIsByteIdenticalWhateverTheWallClock() {
        DecisionConfig cfg = DecisionConfig.defaults(RUN, WINDOW).withCostGate(5, 0.2, Duration.ofSeconds(3));
        Consumer<DecisionHarness> feed = d -> {
            d.gate("binance:ETHUSDT", false, "api");
            d.status("binance", "WS1", S, Status.State.DEGRADED);
            d.status("binance", "WS1", S + 8_000, Status.State.CONNECTED); // bars ending after S + 8 s are legitimate
            for (int i = 1; i <= 20; i++) {
                // 4.8, 9.6 or 14.4 bps, every 4th negative; the edge floor is max(5, 8) = 8 bps
                double slope = (i % 4 == 0 ? -1 : 1) * (i % 3 + 1) * 8e-6;
                d.summary(S + i * 1_000L, slope);
                d.summary(DecisionHarness.summary("binance", "ETHUSDT", S + i * 1_000L, WINDOW, 40, 2_000, slope));
                d.summary(S + i * 1_000L - 3_000, -slope); // a re-emission, ignored
            }
        };
        List<TestRecord<String, String>> first;
        try (DecisionHarness a = new DecisionHarness(cfg, Instant.ofEpochMilli(S + 3_600_000))) {
            feed.accept(a);
            first = a.drainRecords();
        }
        List<TestRecord<String, String>> second;
        try (DecisionHarness b = new DecisionHarness(cfg, Instant.parse("2030-01-01T00:00:00Z"))) {
            feed.accept(b);
            second = b.drainRecords();
        }
        assertThat(first).hasSize(40);
        assertThat(second).hasSize(40);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(second.get(i).value()).isEqualTo(first.get(i).value());
            assertThat(second.get(i).timestamp()).isEqualTo(first.get(i).timestamp());
        }
        // The sequence exercised the gates, not only the state machine.
        assertThat(first.stream().map(r -> DecisionHarness.decode(r.value()).reason()))
                .contains(
                        "gate_closed:api",
                        "gate_closed:legitimacy:feed_degraded",
                        "enter_short",
                        "reverse_long",
                        "cost_budget");
    }
}
