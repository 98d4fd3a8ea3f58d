package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ticktape.model.Decision;
import dev.ticktape.model.Decision.Posture;
import dev.ticktape.persistence.retention.RetentionPolicy;
import dev.ticktape.persistence.retention.RetentionReport;
import dev.ticktape.persistence.retention.RetentionTarget;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the decision sinks, {@link DecisionQueries} and {@code stream_actions_latest} must do, run against each
 * database by a subclass with the same cases, so both stores give the same answers: every field round trips into
 * both tables, a redelivered batch leaves the same rows, the last decision of a key wins, runs never overwrite each
 * other, the two tables change together or not at all, the latest view and the pages against hand-computed
 * expectations, and retention by the 1s tier. Tables and the view are also read with plain SQL.
 */
public abstract class DecisionSinkContract {
    protected static final Instant WRITE_TIME = Instant.parse("2024-05-01T12:00:00.123456Z");
    private static final long WRITE_MS = WRITE_TIME.toEpochMilli();
    /** The base of every timeline: {@code B} in the comments. */
    protected static final long B = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");

    private EventSink<Decision> sink;

    /** Opens a fresh, empty database (once per test) and a decision sink stamping {@code ingested_at} from clock. */
    protected abstract EventSink<Decision> openDecisionSink(Clock clock) throws Exception;

    protected abstract DecisionQueries decisionQueries();

    /** Retention over the same database. */
    protected abstract RetentionTarget retention();

    /** A plain JDBC connection to the same database; the caller closes it. */
    protected abstract Connection connection() throws Exception;

    /** SQL for the epoch milliseconds of a time expression. */
    protected abstract String epochMs(String timeExpression);

    /** Makes {@code stream_state} refuse the rows of {@code symbol}, so that a write fails half way. */
    protected abstract void refuseStateRowsOf(String symbol) throws Exception;

    protected abstract void closeDatabase() throws Exception;

    @BeforeEach
    void openContractSink() throws Exception {
        sink = openDecisionSink(Clock.fixed(WRITE_TIME, ZoneOffset.UTC));
    }

    @AfterEach
    void closeContractSink() throws Exception {
        sink.close();
        closeDatabase();
    }

    /** The sink of the current test. */
    protected EventSink<Decision> sink() {
        return sink;
    }

    // ---- the tables -----------------------------------------------------------------------------------------

    @Test
    void everyFieldRoundTripsThroughBothTables() throws Exception {
        Decision enter = new Decision(
                "binance",
                "BTCUSDT",
                B,
                B + 35,
                "run-1",
                64_250.5,
                1,
                "long",
                1.0,
                1.0,
                0.625,
                false,
                0.95,
                "enter_long",
                true,
                Posture.ACTIVE,
                0.0514,
                "live:BTCUSDT");
        // The gate is closed: the state asks for short, the target stays at the previous 0.
        Decision observed = new Decision(
                "polygon",
                "AAPL",
                B + 1000,
                B + 1042,
                "run-1",
                189.25,
                -1,
                "flat",
                0.0,
                0.0,
                1.0,
                true,
                0.0,
                "gate_closed:market_hours",
                false,
                Posture.OBSERVE,
                0.0,
                "live:AAPL");
        // +1 to -1: delta -2, cost 2 x 3050.75 x 0.0008 = 4.8812.
        Decision reversal = new Decision(
                "kraken",
                "ETHUSDT",
                B + 2000,
                B + 2011,
                "run-1",
                3050.75,
                -1,
                "short",
                -1.0,
                -2.0,
                0.5,
                false,
                0.8,
                "reverse_short",
                true,
                Posture.ACTIVE,
                4.8812,
                "file:eth.csv");
        Decision unsourced = new Decision(
                "binance",
                "SOLUSDT",
                B + 3000,
                B + 3005,
                "run-1",
                150.0,
                0,
                "flat",
                0.0,
                0.0,
                0.0,
                false,
                1.0,
                "no_change",
                true,
                Posture.ACTIVE,
                0.0,
                null);
        sink.write(List.of(enter, observed, reversal, unsourced));

        List<StoredDecision> stored = all();
        assertThat(stored)
                .extracting(StoredDecision::decision)
                .containsExactly(enter, observed, reversal, withSource(unsourced, "live:SOLUSDT"));
        assertThat(stored).extracting(StoredDecision::ingestedAt).containsOnly(WRITE_TIME);
        assertThat(rows("SELECT " + epochMs("\"timestamp\"") + ", venue, symbol, close, state, gate_open, posture, "
                        + "source_file, run_id, " + epochMs("ingested_at")
                        + " FROM stream_state ORDER BY \"timestamp\""))
                .containsExactly(
                        List.of(
                                B,
                                "binance",
                                "BTCUSDT",
                                64_250.5,
                                1,
                                true,
                                "ACTIVE",
                                "live:BTCUSDT",
                                "run-1",
                                WRITE_MS),
                        List.of(
                                B + 1000,
                                "polygon",
                                "AAPL",
                                189.25,
                                -1,
                                false,
                                "OBSERVE",
                                "live:AAPL",
                                "run-1",
                                WRITE_MS),
                        List.of(
                                B + 2000,
                                "kraken",
                                "ETHUSDT",
                                3050.75,
                                -1,
                                true,
                                "ACTIVE",
                                "file:eth.csv",
                                "run-1",
                                WRITE_MS),
                        List.of(
                                B + 3000,
                                "binance",
                                "SOLUSDT",
                                150.0,
                                0,
                                true,
                                "ACTIVE",
                                "live:SOLUSDT",
                                "run-1",
                                WRITE_MS));
        assertThat(rows("SELECT " + epochMs("\"timestamp\"") + ", venue, symbol, state, direction, target_exposure, "
                        + "delta_exposure, urgency, hold, actionability, reason, gate_open, posture, cost, source_file, "
                        + "run_id, " + epochMs("computed_at") + ", " + epochMs("ingested_at")
                        + " FROM stream_actions ORDER BY \"timestamp\""))
                .containsExactly(
                        List.of(
                                B,
                                "binance",
                                "BTCUSDT",
                                1,
                                "long",
                                1.0,
                                1.0,
                                0.625,
                                false,
                                0.95,
                                "enter_long",
                                true,
                                "ACTIVE",
                                0.0514,
                                "live:BTCUSDT",
                                "run-1",
                                B + 35,
                                WRITE_MS),
                        List.of(
                                B + 1000,
                                "polygon",
                                "AAPL",
                                -1,
                                "flat",
                                0.0,
                                0.0,
                                1.0,
                                true,
                                0.0,
                                "gate_closed:market_hours",
                                false,
                                "OBSERVE",
                                0.0,
                                "live:AAPL",
                                "run-1",
                                B + 1042,
                                WRITE_MS),
                        List.of(
                                B + 2000,
                                "kraken",
                                "ETHUSDT",
                                -1,
                                "short",
                                -1.0,
                                -2.0,
                                0.5,
                                false,
                                0.8,
                                "reverse_short",
                                true,
                                "ACTIVE",
                                4.8812,
                                "file:eth.csv",
                                "run-1",
                                B + 2011,
                                WRITE_MS),
                        List.of(
                                B + 3000,
                                "binance",
                                "SOLUSDT",
                                0,
                                "flat",
                                0.0,
                                0.0,
                                0.0,
                                false,
                                1.0,
                                "no_change",
                                true,
                                "ACTIVE",
                                0.0,
                                "live:SOLUSDT",
                                "run-1",
                                B + 3005,
                                WRITE_MS));
    }

    @Test
    void aRedeliveredBatchLeavesTheSameRows() throws Exception {
        List<Decision> batch = List.of(
                decision("binance", "BTCUSDT", B, "run-1", 100.0, 1, "enter_long"),
                decision("binance", "BTCUSDT", B + 1000, "run-1", 101.0, 1, "no_change"),
                decision("kraken", "BTCUSDT", B, "run-1", 99.0, -1, "enter_short"));
        sink.write(batch);
        List<StoredDecision> first = all();
        List<List<Object>> state = rows("SELECT * FROM stream_state ORDER BY venue, \"timestamp\"");
        sink.write(batch);

        assertThat(all())
                .isEqualTo(first)
                .extracting(StoredDecision::decision)
                .containsExactlyElementsOf(List.of(batch.get(0), batch.get(2), batch.get(1)));
        assertThat(rows("SELECT * FROM stream_state ORDER BY venue, \"timestamp\""))
                .isEqualTo(state);
        assertThat(decisionQueries().count(null)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM stream_state")).isEqualTo(3);
    }

    @Test
    void theLastDecisionOfAKeyWinsInBothTables() throws Exception {
        sink.write(List.of(
                decision("binance", "BTCUSDT", B, "run-1", 100.0, 1, "enter_long"),
                decision("binance", "ETHUSDT", B, "run-1", 10.0, 0, "no_change"),
                decision("binance", "BTCUSDT", B, "run-1", 101.0, -1, "reverse_short")));

        assertThat(closeStateReason())
                .containsExactly(
                        List.of("BTCUSDT", 101.0, -1, -1, "reverse_short"),
                        List.of("ETHUSDT", 10.0, 0, 0, "no_change"));

        sink.write(List.of(decision("binance", "BTCUSDT", B, "run-1", 102.0, 0, "exit")));
        assertThat(closeStateReason())
                .containsExactly(List.of("BTCUSDT", 102.0, 0, 0, "exit"), List.of("ETHUSDT", 10.0, 0, 0, "no_change"));
        assertThat(decisionQueries().count(null)).isEqualTo(2);
    }

    @Test
    void twoRunsOfTheSameBarAreTwoRows() throws Exception {
        Decision a = decision("binance", "BTCUSDT", B, "run-a", 100.0, 1, "enter_long");
        Decision b = decision("binance", "BTCUSDT", B, "run-b", 100.5, -1, "enter_short");
        sink.write(List.of(a));
        sink.write(List.of(b));

        DecisionQueries q = decisionQueries();
        assertThat(q.count(null)).isEqualTo(2);
        assertThat(q.count("run-a")).isEqualTo(1);
        assertThat(q.count("run-c")).isZero();
        assertThat(count("SELECT count(*) FROM stream_state")).isEqualTo(2);
        assertThat(q.actions(null, "BTCUSDT", "run-b", ALL_FROM, ALL_TO, 10))
                .extracting(StoredDecision::decision)
                .containsExactly(b);
        assertThat(all()).extracting(StoredDecision::decision).containsExactly(a, b);
    }

    @Test
    void bothTablesChangeTogetherOrNotAtAll() throws Exception {
        refuseStateRowsOf("FAILUSDT");
        Decision ok = decision("binance", "BTCUSDT", B, "run-1", 100.0, 1, "enter_long");

        assertThatThrownBy(
                        () -> sink.write(List.of(ok, decision("binance", "FAILUSDT", B, "run-1", 1.0, 0, "no_change"))))
                .isInstanceOf(SinkWriteException.class);
        assertThat(decisionQueries().count(null)).isZero();
        assertThat(count("SELECT count(*) FROM stream_state")).isZero();

        sink.write(List.of(ok));
        assertThat(all()).extracting(StoredDecision::decision).containsExactly(ok);
        assertThat(count("SELECT count(*) FROM stream_state")).isEqualTo(1);
    }

    // ---- the view and the queries ---------------------------------------------------------------------------

    /**
     * binance BTCUSDT at B, B+1s, B+2s; kraken BTCUSDT at B+1s and B+3s, the latter by two runs; binance ETHUSDT at
     * B+5s (run-B) and B+4s (run-a); kraken ETHUSDT at B. The close tells the rows apart.
     */
    @Test
    void theLatestViewHoldsEachInstrumentsNewestActionAndTheGreatestRunOnATie() throws Exception {
        Decision krakenEth = decision("kraken", "ETHUSDT", B, "run-a", 8.0, 0, "no_change");
        sink.write(List.of(
                decision("binance", "BTCUSDT", B, "run-a", 1.0, 1, "enter_long"),
                decision("binance", "BTCUSDT", B + 1000, "run-a", 2.0, 1, "no_change"),
                decision("binance", "BTCUSDT", B + 2000, "run-a", 3.0, 0, "exit"),
                decision("kraken", "BTCUSDT", B + 1000, "run-a", 4.0, 1, "enter_long"),
                decision("kraken", "BTCUSDT", B + 3000, "run-a", 5.0, 0, "exit"),
                decision("kraken", "BTCUSDT", B + 3000, "run-B", 5.5, -1, "reverse_short"),
                decision("binance", "ETHUSDT", B + 5000, "run-B", 6.0, 1, "enter_long"),
                decision("binance", "ETHUSDT", B + 4000, "run-a", 7.0, -1, "enter_short"),
                krakenEth));

        // binance BTCUSDT: B+2s. binance ETHUSDT: B+5s, whatever the run ids. kraken BTCUSDT: B+3s by run-a and
        // run-B; byte-wise 'a' (0x61) > 'B' (0x42), so run-a. kraken ETHUSDT: its only action.
        assertThat(rows("SELECT venue, symbol, " + epochMs("\"timestamp\"") + " - " + B + ", run_id, reason "
                        + "FROM stream_actions_latest ORDER BY venue, symbol"))
                .containsExactly(
                        List.of("binance", "BTCUSDT", 2000L, "run-a", "exit"),
                        List.of("binance", "ETHUSDT", 5000L, "run-B", "enter_long"),
                        List.of("kraken", "BTCUSDT", 3000L, "run-a", "exit"),
                        List.of("kraken", "ETHUSDT", 0L, "run-a", "no_change"));

        DecisionQueries q = decisionQueries();
        assertThat(q.latest(null, null))
                .extracting(
                        s -> s.decision().venue(),
                        s -> s.decision().symbol(),
                        s -> s.decision().close())
                .containsExactly(
                        tuple("binance", "BTCUSDT", 3.0),
                        tuple("binance", "ETHUSDT", 6.0),
                        tuple("kraken", "BTCUSDT", 5.0),
                        tuple("kraken", "ETHUSDT", 8.0));
        assertThat(q.latest(null, "BTCUSDT"))
                .extracting(s -> s.decision().venue(), s -> s.decision().close())
                .containsExactly(tuple("binance", 3.0), tuple("kraken", 5.0));
        assertThat(q.latest("kraken", null))
                .extracting(s -> s.decision().symbol())
                .containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(q.latest("kraken", "ETHUSDT")).containsExactly(new StoredDecision(krakenEth, WRITE_TIME));
        assertThat(q.latest("binance", "XRPUSDT")).isEmpty();
    }

    /** 2 venues x 2 symbols x 2 runs x 3 bars: 24 actions, ordered by bar start, venue, symbol and run. */
    @Test
    void actionsAreFilteredAndPagesWalkEveryRowOnce() throws Exception {
        List<Decision> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (String venue : List.of("kraken", "binance")) {
                for (String symbol : List.of("ETHUSDT", "BTCUSDT")) {
                    for (String run : List.of("run-b", "run-a")) {
                        batch.add(decision(venue, symbol, B + i * 1000L, run, 100.0 + i, 0, "no_change"));
                    }
                }
            }
        }
        sink.write(batch);
        DecisionQueries q = decisionQueries();

        List<StoredDecision> walked = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        PageKey after = null;
        while (true) {
            List<StoredDecision> page = q.actions(null, null, null, ALL_FROM, ALL_TO, after, 5);
            sizes.add(page.size());
            walked.addAll(page);
            if (page.size() < 5) break;
            after = page.get(page.size() - 1).pageKey();
        }
        assertThat(sizes).containsExactly(5, 5, 5, 5, 4);
        assertThat(walked).isEqualTo(q.actions(null, null, null, ALL_FROM, ALL_TO, 100));
        assertThat(walked.subList(0, 6))
                .extracting(
                        s -> s.decision().venue(),
                        s -> s.decision().symbol(),
                        s -> s.decision().runId())
                .containsExactly(
                        tuple("binance", "BTCUSDT", "run-a"),
                        tuple("binance", "BTCUSDT", "run-b"),
                        tuple("binance", "ETHUSDT", "run-a"),
                        tuple("binance", "ETHUSDT", "run-b"),
                        tuple("kraken", "BTCUSDT", "run-a"),
                        tuple("kraken", "BTCUSDT", "run-b"));
        assertThat(walked.stream()
                        .map(s -> s.decision().tsMs() + "|" + s.decision().venue() + "|"
                                + s.decision().symbol() + "|" + s.decision().runId())
                        .toList())
                .hasSize(24)
                .doesNotHaveDuplicates()
                .isSorted();

        assertThat(q.actions("kraken", "ETHUSDT", "run-b", ALL_FROM, ALL_TO, 100))
                .extracting(s -> s.decision().tsMs() - B)
                .containsExactly(0L, 1000L, 2000L);
        assertThat(q.actions(null, null, null, Instant.ofEpochMilli(B + 1000), Instant.ofEpochMilli(B + 2000), 100))
                .hasSize(8)
                .allSatisfy(s -> assertThat(s.decision().tsMs()).isEqualTo(B + 1000));
        assertThat(q.actions(null, "ETHUSDT", null, ALL_FROM, ALL_TO, 100)).hasSize(12);
        assertThat(q.actions("binance", null, "run-a", ALL_FROM, ALL_TO, 100)).hasSize(6);
        assertThat(q.actions(null, null, null, ALL_FROM, ALL_TO, 0)).isEmpty();
        assertThat(q.count("run-a")).isEqualTo(12);
    }

    // ---- retention ------------------------------------------------------------------------------------------

    /**
     * At 2024-06-10 12:00 UTC under the default policy the 1s tier keeps 2024-06-03 on. 2024-06-01 holds two live
     * decisions and a replayed one, 2024-06-10 two live ones.
     */
    @Test
    void retentionAgesDecisionsLikeOneSecondBars() throws Exception {
        Instant now = Instant.parse("2024-06-10T12:00:00Z");
        long old = Instant.parse("2024-06-01T12:00:00Z").toEpochMilli();
        long recent = Instant.parse("2024-06-10T11:00:00Z").toEpochMilli();
        Decision replayed = withSource(
                decision("binance", "BTCUSDT", old + 2000, "run-1", 3.0, 0, "no_change"), "file:btc-2024-06-01.csv");
        sink.write(List.of(
                decision("binance", "BTCUSDT", old, "run-1", 1.0, 1, "enter_long"),
                decision("binance", "BTCUSDT", old + 1000, "run-1", 2.0, 1, "no_change"),
                replayed,
                decision("binance", "BTCUSDT", recent, "run-1", 4.0, 0, "exit"),
                decision("binance", "BTCUSDT", recent + 1000, "run-1", 5.0, 0, "no_change")));
        RetentionTarget retention = retention();

        RetentionReport plan = retention.plan(now, RetentionPolicy.defaults());
        for (String table : List.of(SinkRoute.DECISION_STATE_TABLE, SinkRoute.DECISION_ACTIONS_TABLE)) {
            assertThat(plan.rows(table)).as(table).isEqualTo(2);
            assertThat(plan.keptRows(table)).as(table).isEqualTo(1);
        }
        assertThat(decisionQueries().count(null)).as("dry run").isEqualTo(5);

        RetentionReport applied = retention.apply(now, RetentionPolicy.defaults());
        for (String table : List.of(SinkRoute.DECISION_STATE_TABLE, SinkRoute.DECISION_ACTIONS_TABLE)) {
            assertThat(applied.rows(table)).as(table).isEqualTo(2);
        }
        assertThat(all()).extracting(s -> s.decision().close()).containsExactly(3.0, 4.0, 5.0);
        assertThat(count("SELECT count(*) FROM stream_state")).isEqualTo(3);

        RetentionReport withReplays =
                retention.apply(now, RetentionPolicy.defaults().withIncludeReplays(true));
        for (String table : List.of(SinkRoute.DECISION_STATE_TABLE, SinkRoute.DECISION_ACTIONS_TABLE)) {
            assertThat(withReplays.rows(table)).as(table).isEqualTo(1);
        }
        assertThat(all()).extracting(s -> s.decision().close()).containsExactly(4.0, 5.0);
        assertThat(count("SELECT count(*) FROM stream_state")).isEqualTo(2);
        assertThat(retention
                        .apply(now, RetentionPolicy.defaults().withIncludeReplays(true))
                        .items())
                .as("nothing left to do")
                .isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private List<StoredDecision> all() {
        return decisionQueries().actions(null, null, null, ALL_FROM, ALL_TO, 1000);
    }

    /** Per stored key: symbol, the close (stream_state), the state of each table and the reason (stream_actions). */
    private List<List<Object>> closeStateReason() throws Exception {
        return rows("SELECT a.symbol, s.close, s.state, a.state, a.reason FROM stream_actions a JOIN stream_state s "
                + "ON s.run_id = a.run_id AND s.venue = a.venue AND s.symbol = a.symbol "
                + "AND s.\"timestamp\" = a.\"timestamp\" ORDER BY a.symbol");
    }

    /** Every row of {@code sql}, each column as JDBC reads it, whole-number expressions as {@code Long}. */
    protected List<List<Object>> rows(String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    // DuckDB reads a HUGEINT expression as a BigInteger.
                    row.add(v instanceof BigInteger b ? b.longValueExact() : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        return ((Number) rows(sql).get(0).get(0)).longValue();
    }

    /**
     * A decision whose target is its state, with the gate open: {@code close} tells rows apart, {@code reason}
     * their intent.
     */
    private static Decision decision(
            String venue, String symbol, long tsMs, String runId, double close, int state, String reason) {
        return new Decision(
                venue,
                symbol,
                tsMs,
                tsMs + 1007,
                runId,
                close,
                state,
                Decision.directionOf(state),
                state,
                state,
                0.5,
                false,
                0.9,
                reason,
                true,
                Posture.ACTIVE,
                0.0008 * close,
                "live:" + symbol);
    }

    private static Decision withSource(Decision d, String sourceFile) {
        return new Decision(
                d.venue(),
                d.symbol(),
                d.tsMs(),
                d.recvMs(),
                d.runId(),
                d.close(),
                d.state(),
                d.direction(),
                d.targetExposure(),
                d.deltaExposure(),
                d.urgency(),
                d.hold(),
                d.actionability(),
                d.reason(),
                d.gateOpen(),
                d.posture(),
                d.cost(),
                sourceFile);
    }
}
