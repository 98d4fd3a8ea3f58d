package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BarSink} must do, run against each database by a subclass: idempotent replays, revised bars
 * replace stored ones, a stored row is always the highest revision written (in one batch or across batches), a
 * batch spanning midnight UTC lands in two days, and a write time in the last nanosecond of a day stays in that day.
 * Revisions are checked with plain SQL ({@link #revisionsAndTrades}), not only through the queries under test.
 */
public abstract class BarSinkContract {
    protected static final Instant WRITE_TIME = Instant.parse("2024-05-01T12:00:00.123456Z");
    private static final long MIDNIGHT = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli();
    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");

    private BarSink sink;

    /** A sink over a fresh, empty database whose {@code ingested_at} comes from {@code clock}. */
    protected abstract BarSink openSink(Clock clock) throws Exception;

    /** Queries over the same database as the last {@link #openSink}. */
    protected abstract BarQueries queries();

    /** Rows of the interval's table per storage day ({@code yyyy-MM-dd}; a PostgreSQL DEFAULT partition counts as "default"). */
    protected abstract Map<String, Long> rowsPerStorageDay(BarInterval interval) throws Exception;

    /** One stored row as plain SQL sees it. */
    public record StoredRevision(int revision, long trades) {}

    /**
     * {@code SELECT revision, trades FROM <table> WHERE venue = 'binance' AND symbol = ? ORDER BY "timestamp"},
     * run with the database's own SQL client rather than the queries under test.
     */
    protected abstract List<StoredRevision> revisionsAndTrades(BarInterval interval, String symbol) throws Exception;

    /** Releases the database of the last {@link #openSink}. */
    protected abstract void closeDatabase() throws Exception;

    @BeforeEach
    void openContractSink() throws Exception {
        sink = openSink(Clock.fixed(WRITE_TIME, ZoneOffset.UTC));
    }

    @AfterEach
    void closeContractSink() throws Exception {
        sink.close();
        closeDatabase();
    }

    @Test
    void replayingTheSameBatchLeavesTheSameRows() {
        List<Bar> batch = series(BarInterval.S1, "BTCUSDT", MIDNIGHT - 50_000, 100);
        sink.write(batch);
        List<StoredBar> first = all(BarInterval.S1, "BTCUSDT");
        sink.write(batch);
        sink.write(batch);

        assertThat(all(BarInterval.S1, "BTCUSDT")).hasSize(100).isEqualTo(first);
        assertThat(first)
                .extracting(StoredBar::bar)
                .extracting(BarSinkContract::withoutRecv)
                .containsExactlyElementsOf(
                        batch.stream().map(BarSinkContract::withoutRecv).toList());
    }

    @Test
    void revisedBarReplacesTheStoredOneAndTheLastOfARepeatedKeyWins() {
        List<Bar> batch = series(BarInterval.M1, "ETHUSDT", MIDNIGHT - 600_000, 5);
        sink.write(batch);
        Bar revised = bar(BarInterval.M1, "ETHUSDT", batch.get(2).tsMs(), 555, 77, 1.25);
        Bar superseded = bar(BarInterval.M1, "ETHUSDT", batch.get(3).tsMs(), 1, 1, null);
        Bar latest = bar(BarInterval.M1, "ETHUSDT", batch.get(3).tsMs(), 666, 88, null);
        sink.write(List.of(revised, superseded, latest));

        List<Bar> stored =
                all(BarInterval.M1, "ETHUSDT").stream().map(StoredBar::bar).toList();
        assertThat(stored).hasSize(5);
        assertThat(withoutRecv(stored.get(2))).isEqualTo(withoutRecv(revised));
        assertThat(withoutRecv(stored.get(3))).isEqualTo(withoutRecv(latest));
        assertThat(stored.get(3).vwap()).isNull();
        assertThat(withoutRecv(stored.get(4))).isEqualTo(withoutRecv(batch.get(4)));
    }

    @Test
    void aBatchKeepsTheHighestRevisionOfEachKeyAndTheLastOneOnATie() throws Exception {
        long ts = MIDNIGHT - 60_000;
        long other = MIDNIGHT;
        sink.write(List.of(
                revision(BarInterval.M1, "LTCUSDT", ts, 0, 10),
                revision(BarInterval.M1, "LTCUSDT", other, 1, 20),
                revision(BarInterval.M1, "LTCUSDT", ts, 2, 12),
                revision(BarInterval.M1, "LTCUSDT", other, 1, 21),
                revision(BarInterval.M1, "LTCUSDT", ts, 1, 11)));

        assertThat(revisionsAndTrades(BarInterval.M1, "LTCUSDT"))
                .containsExactly(new StoredRevision(2, 12), new StoredRevision(1, 21));
    }

    @Test
    void anOlderRevisionNeverOverwritesANewerOneAndTheReadBackBarCarriesTheRevision() throws Exception {
        long ts = MIDNIGHT + 5_000;
        sink.write(List.of(
                revision(BarInterval.S1, "DOTUSDT", ts, 0, 10),
                revision(BarInterval.S1, "DOTUSDT", ts, 2, 12),
                revision(BarInterval.S1, "DOTUSDT", ts, 1, 11)));
        assertThat(revisionsAndTrades(BarInterval.S1, "DOTUSDT")).containsExactly(new StoredRevision(2, 12));

        sink.write(List.of(revision(BarInterval.S1, "DOTUSDT", ts, 1, 11))); // a redelivered older revision
        assertThat(revisionsAndTrades(BarInterval.S1, "DOTUSDT")).containsExactly(new StoredRevision(2, 12));

        Bar third = revision(BarInterval.S1, "DOTUSDT", ts, 3, 13);
        sink.write(List.of(third));
        assertThat(revisionsAndTrades(BarInterval.S1, "DOTUSDT")).containsExactly(new StoredRevision(3, 13));
        assertThat(all(BarInterval.S1, "DOTUSDT"))
                .extracting(StoredBar::bar)
                .singleElement()
                .satisfies(b -> assertThat(b.revision()).isEqualTo(3))
                .satisfies(b -> assertThat(withoutRecv(b)).isEqualTo(withoutRecv(third)));

        Bar replayed = revision(BarInterval.S1, "DOTUSDT", ts, 3, 14); // same revision again: rewritten
        sink.write(List.of(replayed));
        assertThat(revisionsAndTrades(BarInterval.S1, "DOTUSDT")).containsExactly(new StoredRevision(3, 14));
    }

    @Test
    void revisionsOfTheSecondAndMinuteTablesAreIndependent() throws Exception {
        long ts = MIDNIGHT;
        sink.write(
                List.of(revision(BarInterval.S1, "BNBUSDT", ts, 4, 40), revision(BarInterval.M1, "BNBUSDT", ts, 0, 1)));
        sink.write(
                List.of(revision(BarInterval.S1, "BNBUSDT", ts, 3, 30), revision(BarInterval.M1, "BNBUSDT", ts, 1, 2)));

        assertThat(revisionsAndTrades(BarInterval.S1, "BNBUSDT")).containsExactly(new StoredRevision(4, 40));
        assertThat(revisionsAndTrades(BarInterval.M1, "BNBUSDT")).containsExactly(new StoredRevision(1, 2));
    }

    @Test
    void batchSpanningMidnightUtcLandsInTwoDays() throws Exception {
        List<Bar> batch = new ArrayList<>(series(BarInterval.S1, "SOLUSDT", MIDNIGHT - 3_000, 6));
        batch.addAll(series(BarInterval.M1, "SOLUSDT", MIDNIGHT - 120_000, 4));
        sink.write(batch);

        assertThat(rowsPerStorageDay(BarInterval.S1))
                .containsExactlyInAnyOrderEntriesOf(Map.of("2024-05-01", 3L, "2024-05-02", 3L));
        assertThat(rowsPerStorageDay(BarInterval.M1))
                .containsExactlyInAnyOrderEntriesOf(Map.of("2024-05-01", 2L, "2024-05-02", 2L));
    }

    @Test
    void lastNanosecondOfADayDoesNotSpillIntoTheNext() throws Exception {
        Instant lastNano = Instant.parse("2024-05-01T23:59:59.999999999Z");
        sink.close();
        sink = openSink(Clock.fixed(lastNano, ZoneOffset.UTC));
        sink.write(List.of(bar(BarInterval.S1, "XRPUSDT", MIDNIGHT - 1_000, 0.5, 3, 0.5)));

        List<StoredBar> stored = all(BarInterval.S1, "XRPUSDT");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).bar().tsMs()).isEqualTo(MIDNIGHT - 1_000);
        assertThat(stored.get(0).ingestedAt()).isEqualTo(Instant.parse("2024-05-01T23:59:59.999999Z"));
        assertThat(rowsPerStorageDay(BarInterval.S1)).containsExactly(Map.entry("2024-05-01", 1L));
    }

    @Test
    void writeTimeIsStoredWithMicrosecondPrecision() {
        sink.write(series(BarInterval.S1, "ADAUSDT", MIDNIGHT, 1));
        assertThat(all(BarInterval.S1, "ADAUSDT"))
                .singleElement()
                .satisfies(s -> assertThat(s.ingestedAt()).isEqualTo(WRITE_TIME))
                .satisfies(s -> assertThat(s.bar().recvMs()).isEqualTo(WRITE_TIME.toEpochMilli()));
    }

    @Test
    void pagesWalkEveryRowOnceInBarStartThenVenueOrder() throws Exception {
        // Two venues with the same bar starts: the venue breaks the tie, so page boundaries may fall between them.
        List<Bar> batch = new ArrayList<>();
        for (Bar b : series(BarInterval.S1, "DOTUSDT", MIDNIGHT - 11_000, 23)) {
            batch.add(b);
            batch.add(onVenue(b, "kraken"));
        }
        sink.write(batch);
        List<StoredBar> walked = new ArrayList<>();
        PageKey after = null;
        int pages = 0;
        while (true) {
            List<StoredBar> page = queries().storedBars(BarInterval.S1, null, "DOTUSDT", ALL_FROM, ALL_TO, after, 5);
            pages++;
            walked.addAll(page);
            if (page.size() < 5) break;
            Bar last = page.get(page.size() - 1).bar();
            after = PageKey.of(Instant.ofEpochMilli(last.tsMs()), last.venue());
        }
        long stored = rowsPerStorageDay(BarInterval.S1).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(walked).as("rows over all pages").hasSize((int) stored).hasSize(46);
        assertThat(pages).isEqualTo(10);
        List<String> keys =
                walked.stream().map(s -> s.bar().tsMs() + "|" + s.bar().venue()).toList();
        assertThat(keys).doesNotHaveDuplicates().isSorted();
        assertThat(walked).isEqualTo(queries().storedBars(BarInterval.S1, null, "DOTUSDT", ALL_FROM, ALL_TO, 1000));
    }

    @Test
    void instrumentsCountBarsAndLiveRowsAndNameTheLastClose() {
        List<Bar> batch = new ArrayList<>(series(BarInterval.S1, "XRPUSDT", MIDNIGHT - 5000, 5));
        for (Bar b : series(BarInterval.S1, "XRPUSDT", MIDNIGHT, 2)) batch.add(withSource(b, "live:XRPUSDT"));
        sink.write(batch);
        // Hand-computed: 7 bars, the last 2 live, the last (i = 1 of the live series) closing at 100 + 1 + 1.
        assertThat(queries().instruments(BarInterval.S1))
                .containsExactly(new InstrumentStats(
                        new InstrumentId("binance", "XRPUSDT"),
                        7,
                        2,
                        Instant.ofEpochMilli(MIDNIGHT - 5000),
                        Instant.ofEpochMilli(MIDNIGHT + 1000),
                        102.0));
        assertThat(queries().instruments(BarInterval.M1)).isEmpty();
    }

    private static Bar onVenue(Bar b, String venue) {
        return copy(b, venue, b.source());
    }

    private static Bar withSource(Bar b, String source) {
        return copy(b, b.venue(), source);
    }

    private static Bar copy(Bar b, String venue, String source) {
        return new Bar(
                b.interval(),
                venue,
                b.symbol(),
                b.tsMs(),
                b.recvMs(),
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                b.trades(),
                b.vwap(),
                source);
    }

    private List<StoredBar> all(BarInterval interval, String symbol) {
        return queries().storedBars(interval, "binance", symbol, ALL_FROM, ALL_TO, 1_000_000);
    }

    protected static List<Bar> series(BarInterval interval, String symbol, long fromMs, int n) {
        List<Bar> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            out.add(bar(interval, symbol, fromMs + i * interval.millis(), 100 + i, i, 100.5 + i));
        return out;
    }

    protected static Bar bar(BarInterval interval, String symbol, long tsMs, double open, long trades, Double vwap) {
        return new Bar(
                interval,
                "binance",
                symbol,
                tsMs,
                tsMs + 5,
                open,
                open + 2,
                open - 0.25,
                open + 1,
                1.5,
                trades,
                vwap,
                "file:" + symbol);
    }

    /** A bar of the given revision; {@code trades} tells the revisions apart in SQL. */
    protected static Bar revision(BarInterval interval, String symbol, long tsMs, int revision, long trades) {
        return bar(interval, symbol, tsMs, 100 + trades, trades, null).withRevision(revision);
    }

    protected static Bar withoutRecv(Bar b) {
        return new Bar(
                b.interval(),
                b.venue(),
                b.symbol(),
                b.tsMs(),
                0,
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                b.trades(),
                b.vwap(),
                b.source(),
                b.revision());
    }
}
