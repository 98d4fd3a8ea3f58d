package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Greeks and execution sinks must do, run against each database by a subclass: idempotent replays, a
 * snapshot in the last millisecond of a day stays in that day, missing measures stay null, receipt and write
 * times are recorded, executions upsert by exec id, and the latency summary covers the stored rows.
 */
public abstract class OptionsSinkContract {
    protected static final Instant WRITE_TIME = Instant.parse("2024-05-01T12:00:00.123456Z");
    private static final long MIDNIGHT = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli();
    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");
    private static final OptionContract CALL =
            new OptionContract("SPY", LocalDate.of(2024, 6, 21), 510.0, 'C', "SPY   240621C00510000");
    private static final OptionContract PUT =
            new OptionContract("SPY", LocalDate.of(2024, 6, 21), 500.5, 'P', "SPY   240621P00500500");

    private EventSink<Greeks> greeksSink;
    private EventSink<Execution> executionSink;

    /** Opens a fresh, empty database (once per test) and a Greeks sink stamping {@code persisted_at} from clock. */
    protected abstract EventSink<Greeks> openGreeksSink(Clock clock) throws Exception;

    /** An execution sink over the same database. */
    protected abstract EventSink<Execution> openExecutionSink(Clock clock) throws Exception;

    protected abstract GreeksSnapshotQueries greeksQueries();

    protected abstract ExecutionQueries executionQueries();

    /** Rows of {@code greek_snapshots} per storage day ({@code yyyy-MM-dd}; a DEFAULT partition is "default"). */
    protected abstract Map<String, Long> greeksRowsPerStorageDay() throws Exception;

    protected abstract void closeDatabase() throws Exception;

    @BeforeEach
    void openContractSinks() throws Exception {
        Clock clock = Clock.fixed(WRITE_TIME, ZoneOffset.UTC);
        greeksSink = openGreeksSink(clock);
        executionSink = openExecutionSink(clock);
    }

    @AfterEach
    void closeContractSinks() throws Exception {
        greeksSink.close();
        executionSink.close();
        closeDatabase();
    }

    @Test
    void replayingTheSameGreeksBatchLeavesTheSameRows() {
        List<Greeks> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(greeks(i % 2 == 0 ? CALL : PUT, MIDNIGHT - 60_000 + i * 1000L, 0.01 * i));
        }
        greeksSink.write(batch);
        List<GreeksSnapshot> first = allSnapshots();
        greeksSink.write(batch);
        greeksSink.write(batch);

        assertThat(allSnapshots()).hasSize(40).isEqualTo(first);
        assertThat(first)
                .extracting(GreeksSnapshot::delta)
                .containsExactlyElementsOf(batch.stream().map(Greeks::delta).toList());
    }

    @Test
    void aRepeatedSnapshotKeyKeepsTheLastOne() {
        greeksSink.write(List.of(greeks(CALL, MIDNIGHT - 5000, 0.1), greeks(CALL, MIDNIGHT - 5000, 0.2)));
        greeksSink.write(List.of(greeks(CALL, MIDNIGHT - 5000, 0.3), greeks(CALL, MIDNIGHT - 5000, 0.4)));

        assertThat(allSnapshots()).extracting(GreeksSnapshot::delta).containsExactly(0.4);
    }

    @Test
    void snapshotInTheLastMillisecondOfADayStaysInThatDay() throws Exception {
        greeksSink.write(List.of(greeks(CALL, MIDNIGHT - 1, 0.5), greeks(CALL, MIDNIGHT, 0.6)));

        assertThat(greeksRowsPerStorageDay()).isEqualTo(Map.of("2024-05-01", 1L, "2024-05-02", 1L));
        assertThat(allSnapshots())
                .extracting(GreeksSnapshot::ts)
                .containsExactly(Instant.ofEpochMilli(MIDNIGHT - 1), Instant.ofEpochMilli(MIDNIGHT));
    }

    @Test
    void missingMeasuresRoundTripAsNullAndReceiptAndWriteTimesAreRecorded() {
        long recv = WRITE_TIME.toEpochMilli() - 250;
        Greeks sparse = new Greeks(
                "ibkr", "SPY", MIDNIGHT - 10_000, recv, null, PUT, null, null, null, null, null, 0.21, null, null);
        greeksSink.write(List.of(sparse));

        GreeksSnapshot s = allSnapshots().get(0);
        assertThat(s.account()).isNull();
        assertThat(s.contract()).isEqualTo(PUT);
        assertThat(s.iv()).isEqualTo(0.21);
        assertThat(List.of(s))
                .extracting(
                        GreeksSnapshot::delta,
                        GreeksSnapshot::gamma,
                        GreeksSnapshot::theta,
                        GreeksSnapshot::vega,
                        GreeksSnapshot::rho,
                        GreeksSnapshot::underlyingPrice,
                        GreeksSnapshot::mark)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(null, null, null, null, null, null, null));
        assertThat(s.receivedAt()).isEqualTo(Instant.ofEpochMilli(recv));
        assertThat(s.persistedAt()).isEqualTo(WRITE_TIME);
    }

    @Test
    void theBrokersAvailabilityIsStoredSoAFrozenOrDelayedSnapshotNeverReadsAsLive() {
        long recv = WRITE_TIME.toEpochMilli() - 250;
        Greeks live = new Greeks(
                "ibkr", "SPY", MIDNIGHT - 3000, recv, null, PUT, 0.1, null, null, null, null, null, null, null);
        Greeks delayed = new Greeks(
                "ibkr",
                "SPY",
                MIDNIGHT - 2000,
                recv,
                null,
                PUT,
                0.2,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Greeks.Availability.DELAYED);
        Greeks frozen = new Greeks(
                "ibkr",
                "SPY",
                MIDNIGHT - 1000,
                recv,
                null,
                PUT,
                0.3,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Greeks.Availability.FROZEN);
        greeksSink.write(List.of(live, delayed, frozen));

        assertThat(allSnapshots())
                .extracting(GreeksSnapshot::delta, GreeksSnapshot::availability)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0.1, Greeks.Availability.REALTIME),
                        org.assertj.core.groups.Tuple.tuple(0.2, Greeks.Availability.DELAYED),
                        org.assertj.core.groups.Tuple.tuple(0.3, Greeks.Availability.FROZEN));
        // A snapshot that thaws (same key, realtime now) replaces the frozen one, availability included.
        greeksSink.write(List.of(new Greeks(
                "ibkr", "SPY", MIDNIGHT - 1000, recv, null, PUT, 0.3, null, null, null, null, null, null, null)));
        assertThat(allSnapshots())
                .extracting(GreeksSnapshot::availability)
                .last()
                .isEqualTo(Greeks.Availability.REALTIME);
    }

    @Test
    void snapshotsAreFilteredByBrokerAccountContractAndTime() {
        Greeks other = new Greeks(
                "tasty",
                "SPY",
                MIDNIGHT - 3000,
                MIDNIGHT - 3000,
                "U1",
                CALL,
                0.9,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        Greeks otherAccount = new Greeks(
                "ibkr",
                "SPY",
                MIDNIGHT - 4000,
                MIDNIGHT - 4000,
                "U2",
                CALL,
                0.8,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        greeksSink.write(List.of(
                greeks(CALL, MIDNIGHT - 2000, 0.1),
                greeks(PUT, MIDNIGHT - 2000, 0.2),
                greeks(CALL, MIDNIGHT - 1000, 0.3),
                other,
                otherAccount));
        GreeksSnapshotQueries q = greeksQueries();

        assertThat(q.snapshots("ibkr", "U1", CALL.occ(), ALL_FROM, ALL_TO, 100))
                .extracting(GreeksSnapshot::delta)
                .containsExactly(0.1, 0.3);
        assertThat(q.snapshots("ibkr", null, CALL.occ(), ALL_FROM, ALL_TO, 100))
                .extracting(GreeksSnapshot::delta)
                .containsExactly(0.8, 0.1, 0.3);
        assertThat(q.snapshots(
                        "ibkr",
                        "U1",
                        null,
                        Instant.ofEpochMilli(MIDNIGHT - 2000),
                        Instant.ofEpochMilli(MIDNIGHT - 1000),
                        100))
                .extracting(GreeksSnapshot::delta)
                .containsExactlyInAnyOrder(0.1, 0.2);
        assertThat(q.snapshots("tasty", null, null, ALL_FROM, ALL_TO, 100)).hasSize(1);
        assertThat(q.snapshots("ibkr", null, null, ALL_FROM, ALL_TO, 2)).hasSize(2);
    }

    @Test
    void latencySummaryCoversTheSnapshotsReceivedInTheRange() {
        List<Greeks> batch = new ArrayList<>();
        // Received 1..100 ms before the (fixed) write time.
        for (int k = 1; k <= 100; k++) {
            batch.add(new Greeks(
                    "ibkr",
                    "SPY",
                    MIDNIGHT - k,
                    WRITE_TIME.toEpochMilli() - k,
                    "U1",
                    CALL,
                    0.5,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        greeksSink.write(batch);

        PersistLatency all = greeksQueries().persistLatency(ALL_FROM, ALL_TO);
        // persisted_at carries the write time's 0.456 ms beyond the millisecond.
        assertThat(all.rows()).isEqualTo(100);
        assertThat(all.p50Ms()).isCloseTo(50.5 + 0.456, within(1e-6));
        assertThat(all.p95Ms()).isCloseTo(95.05 + 0.456, within(1e-6));
        assertThat(all.maxMs()).isCloseTo(100.456, within(1e-6));
        assertThat(greeksQueries().persistLatency(ALL_TO, ALL_TO.plusSeconds(1)))
                .isEqualTo(PersistLatency.EMPTY);
    }

    @Test
    void executionsUpsertByExecIdAndKeepTheirContract() {
        Execution fill = execution("E1", "U1", 1.25, 2, CALL, MIDNIGHT - 3000);
        Execution stock = execution("E2", "U2", 510.1, 100, null, MIDNIGHT - 2000);
        executionSink.write(List.of(fill, stock));
        Execution corrected = execution("E1", "U1", 1.30, 3, CALL, MIDNIGHT - 3000);
        executionSink.write(List.of(corrected));
        executionSink.write(List.of(corrected));

        List<StoredExecution> stored = executionQueries().executions(null, null, ALL_FROM, ALL_TO, 100);
        assertThat(stored).extracting(StoredExecution::execution).containsExactly(corrected, stock);
        assertThat(stored).extracting(StoredExecution::persistedAt).containsOnly(WRITE_TIME);
        assertThat(stored.get(0).receivedAt()).isEqualTo(Instant.ofEpochMilli(corrected.recvMs()));
        assertThat(executionQueries().executions("ibkr", "U2", ALL_FROM, ALL_TO, 100))
                .extracting(StoredExecution::execution)
                .containsExactly(stock);
        assertThat(executionQueries().executions("tasty", null, ALL_FROM, ALL_TO, 100))
                .isEmpty();
        assertThat(executionQueries().executions(null, null, Instant.ofEpochMilli(MIDNIGHT - 2000), ALL_TO, 100))
                .hasSize(1);
    }

    @Test
    void greeksPagesWalkEveryRowOnceInTimeThenContractOrder() throws Exception {
        List<Greeks> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(greeks(CALL, MIDNIGHT - 10_000 + i * 1000L, 0.1));
            batch.add(greeks(PUT, MIDNIGHT - 10_000 + i * 1000L, -0.1));
        }
        greeksSink.write(batch);
        List<GreeksSnapshot> walked = new ArrayList<>();
        PageKey after = null;
        while (true) {
            List<GreeksSnapshot> page = greeksQueries().snapshots("ibkr", null, null, ALL_FROM, ALL_TO, after, 3);
            walked.addAll(page);
            if (page.size() < 3) break;
            GreeksSnapshot last = page.get(page.size() - 1);
            after = PageKey.of(last.ts(), last.contract().occ());
        }
        long stored = greeksRowsPerStorageDay().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(walked).hasSize((int) stored).hasSize(14);
        assertThat(walked.stream().map(g -> g.ts() + "|" + g.contract().occ()).toList())
                .doesNotHaveDuplicates()
                .isSorted();
    }

    @Test
    void executionPagesWalkEveryRowOnceInTimeBrokerExecIdOrder() {
        List<Execution> fills = new ArrayList<>();
        // Three fills per millisecond: exec ids break the tie.
        for (int i = 0; i < 9; i++) fills.add(execution("E" + i, "U1", 1.0, 1, CALL, MIDNIGHT - 3000 + (i / 3)));
        executionSink.write(fills);
        List<String> walked = new ArrayList<>();
        PageKey after = null;
        while (true) {
            List<StoredExecution> page = executionQueries().executions(null, null, ALL_FROM, ALL_TO, after, 2);
            page.forEach(x -> walked.add(x.execution().execId()));
            if (page.size() < 2) break;
            Execution last = page.get(page.size() - 1).execution();
            after = PageKey.of(Instant.ofEpochMilli(last.tsMs()), last.venue(), last.execId());
        }
        assertThat(walked).containsExactly("E0", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8");
    }

    private List<GreeksSnapshot> allSnapshots() {
        return greeksQueries().snapshots("ibkr", null, null, ALL_FROM, ALL_TO, Integer.MAX_VALUE);
    }

    private static Greeks greeks(OptionContract contract, long tsMs, double delta) {
        return new Greeks(
                "ibkr",
                contract.underlying(),
                tsMs,
                tsMs + 7,
                "U1",
                contract,
                delta,
                0.02,
                -0.05,
                0.11,
                0.01,
                0.18,
                509.75,
                3.4);
    }

    private static Execution execution(
            String execId, String account, double price, double qty, OptionContract contract, long tsMs) {
        return new Execution(
                "ibkr", "SPY", tsMs, tsMs + 3, account, "O-" + execId, execId, Side.BUY, price, qty, contract);
    }
}
