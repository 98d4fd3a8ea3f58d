package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Coverage;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Summary;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the gap sink, the gap queries, the bars' coverage and the {@code feed_gap} legitimacy rule must do, run
 * against each database by a subclass with the same cases: a repeated gap identity is a replacement, the filters
 * and paging of the ledger, and each bar's coverage against hand-worked expectations and against
 * {@link Coverage#of} over the same gaps (the model's rule, computed in Java, not in SQL).
 */
public abstract class GapSinkContract {
    protected static final Instant WRITE_TIME = Instant.parse("2024-05-01T12:00:00.123456Z");
    /** The base of every timeline here: {@code B} in the comments. */
    private static final long B = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");

    private EventSink<Gap> gapSink;
    private BarSink barSink;
    private EventSink<Summary> summarySink;

    /** Opens a fresh, empty database (once per test) and a gap sink stamping {@code ingested_at} from clock. */
    protected abstract EventSink<Gap> openGapSink(Clock clock) throws Exception;

    /** A bar sink over the same database. */
    protected abstract BarSink openBarSink(Clock clock) throws Exception;

    /** A summary sink over the same database. */
    protected abstract EventSink<Summary> openSummarySink(Clock clock) throws Exception;

    protected abstract GapQueries gapQueries();

    protected abstract BarQueries barQueries();

    /** A plain JDBC connection to the same database; the caller closes it. */
    protected abstract Connection connection() throws Exception;

    /** SQL for the epoch milliseconds of a time expression. */
    protected abstract String epochMs(String timeExpression);

    protected abstract void closeDatabase() throws Exception;

    @BeforeEach
    void openContractSinks() throws Exception {
        Clock clock = Clock.fixed(WRITE_TIME, ZoneOffset.UTC);
        gapSink = openGapSink(clock);
        barSink = openBarSink(clock);
        summarySink = openSummarySink(clock);
    }

    @AfterEach
    void closeContractSinks() throws Exception {
        gapSink.close();
        barSink.close();
        summarySink.close();
        closeDatabase();
    }

    @Test
    void aGapRoundTripsAndALaterRecordWithItsIdentityReplacesIt() {
        Gap open = Gap.open("binance", "WS-1", B, List.of(), Gap.Cause.DISCONNECT, "socket closed");
        gapSink.write(List.of(open));
        assertThat(allGaps()).containsExactly(open);
        assertThat(gapQueries().gaps(null, null, ALL_FROM, ALL_TO, null, 10))
                .extracting(StoredGap::ingestedAt)
                .containsOnly(WRITE_TIME);

        Gap closed = open.closed(B + 5_000, B + 6_000, Gap.Recovery.NONE, 0);
        gapSink.write(List.of(closed));
        assertThat(allGaps()).containsExactly(closed);

        // Two records of one identity in one batch: the last one is the row. Another cause is another gap.
        Gap backfilled = closed.closed(B + 5_000, B + 9_000, Gap.Recovery.BACKFILLED, 42);
        Gap resync = new Gap(
                "binance",
                "WS-1",
                B,
                B + 100,
                B + 300,
                List.of("BTCUSDT", "ETHUSDT"),
                Gap.Cause.BOOK_RESYNC,
                Gap.Recovery.PARTIAL,
                7,
                null);
        gapSink.write(List.of(closed, resync, backfilled));
        assertThat(allGaps()).containsExactlyInAnyOrder(backfilled, resync);
        // A replay of the same records leaves the same rows.
        gapSink.write(List.of(closed, resync, backfilled));
        assertThat(allGaps()).containsExactlyInAnyOrder(backfilled, resync);
    }

    @Test
    void gapsAreFilteredByVenueInstrumentAndOverlapAndPageWithoutLossOrRepeats() {
        Gap wide = closed("binance", "WS-1", B, B + 1_000, List.of(), Gap.Recovery.NONE);
        Gap btc = closed("binance", "WS-2", B + 2_000, B + 3_000, List.of("BTCUSDT"), Gap.Recovery.BACKFILLED);
        Gap eth = closed("binance", "WS-4", B + 2_000, B + 2_500, List.of("ETHUSDT"), Gap.Recovery.PARTIAL);
        Gap stillOpen = Gap.open("binance", "WS-3", B + 4_000, List.of("BTCUSDT"), Gap.Cause.STALE_FEED, null);
        Gap otherVenue = closed("kraken", "WS-1", B + 2_000, B + 3_000, List.of(), Gap.Recovery.NONE);
        gapSink.write(List.of(wide, btc, eth, stillOpen, otherVenue));

        assertThat(gaps("binance", "BTCUSDT", ALL_FROM, ALL_TO)).containsExactly(wide, btc, stillOpen);
        assertThat(gaps(null, "ETHUSDT", ALL_FROM, ALL_TO)).containsExactly(wide, eth, otherVenue);
        // Overlap with [B + 900, B + 2000): the wide gap ends at B + 1000; the next ones start at its end.
        assertThat(gaps(null, null, Instant.ofEpochMilli(B + 900), Instant.ofEpochMilli(B + 2_000)))
                .containsExactly(wide);
        // An open gap reaches every later time; a closed one ends at its end (exclusive).
        assertThat(gaps(null, null, Instant.ofEpochMilli(B + 3_000), ALL_TO)).containsExactly(stillOpen);

        // Ordered by start, venue, connection, cause; pages of two walk the ledger once.
        List<Gap> walked = new ArrayList<>();
        PageKey after = null;
        while (true) {
            List<StoredGap> page = gapQueries().gaps(null, null, ALL_FROM, ALL_TO, after, 2);
            page.forEach(s -> walked.add(s.gap()));
            if (page.size() < 2) break;
            Gap last = page.get(1).gap();
            after = PageKey.of(
                    Instant.ofEpochMilli(last.tsMs()),
                    last.venue(),
                    last.symbol(),
                    last.cause().json());
        }
        assertThat(walked).containsExactly(wide, btc, eth, otherVenue, stillOpen);
    }

    @Test
    void everyStoredBarCarriesTheCoverageOfTheLedgerAsItIsNow() throws Exception {
        List<Bar> bars = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            bars.add(bar(BarInterval.S1, "BTCUSDT", B + s * 1000L, s == 7 ? 1 : 0));
            bars.add(bar(BarInterval.S1, "ETHUSDT", B + s * 1000L, 0));
        }
        bars.add(bar(BarInterval.S1, "BTCUSDT", B + 20_000, 0)); // past every gap of BTC
        bars.add(bar(BarInterval.M1, "BTCUSDT", B - 60_000, 0));
        bars.add(bar(BarInterval.M1, "BTCUSDT", B, 0));
        barSink.write(bars);

        // BTC alone, not recovered: [B + 2000, B + 3500).
        Gap btc = closed("binance", "WS-1", B + 2_000, B + 3_500, List.of("BTCUSDT"), Gap.Recovery.NONE);
        // The whole connection, backfilled: [B + 3000, B + 6000).
        Gap wide = closed("binance", "WS-2", B + 3_000, B + 6_000, List.of(), Gap.Recovery.BACKFILLED);
        // ETH, still open from B + 8500.
        Gap open = Gap.open("binance", "WS-3", B + 8_500, List.of("ETHUSDT"), Gap.Cause.SEQUENCE_GAP, null);
        // Another venue's gap over everything: not these bars' venue.
        Gap kraken = Gap.open("kraken", "WS-1", B - 100_000, List.of(), Gap.Cause.DISCONNECT, null);
        // BTC's order book out of sync over everything: book updates lost, not trades, so no bar changes.
        Gap book = Gap.open("binance", "WS-4", B - 100_000, List.of("BTCUSDT"), Gap.Cause.BOOK_SEQUENCE_GAP, null);
        List<Gap> ledger = List.of(btc, wide, open, kraken, book);
        gapSink.write(ledger);

        // Worked by hand: BTC 2, 3 feed_gap (3 is also backfilled, the unrecovered gap wins); BTC 4, 5 and ETH 3..5
        // backfilled; BTC 7 revised; ETH 8 ([8000, 9000) holds 8500) and 9 feed_gap; the rest complete.
        assertThat(coverage("BTCUSDT", BarInterval.S1))
                .containsExactly(
                        "complete",
                        "complete",
                        "feed_gap",
                        "feed_gap",
                        "backfilled",
                        "backfilled",
                        "complete",
                        "revised",
                        "complete",
                        "complete",
                        "complete");
        assertThat(coverage("ETHUSDT", BarInterval.S1))
                .containsExactly(
                        "complete",
                        "complete",
                        "complete",
                        "backfilled",
                        "backfilled",
                        "backfilled",
                        "complete",
                        "complete",
                        "feed_gap",
                        "feed_gap");
        // The minute [B, B + 60 s) overlaps BTC's unrecovered gap; the minute before it nothing.
        assertThat(coverage("BTCUSDT", BarInterval.M1)).containsExactly("complete", "feed_gap");
        assertAgreesWithTheModel(ledger);

        // BTC's gap is backfilled later: its bars change with it, nothing else does.
        Gap btcBackfilled = btc.closed(B + 3_500, B + 30_000, Gap.Recovery.BACKFILLED, 12);
        gapSink.write(List.of(btcBackfilled));
        assertThat(coverage("BTCUSDT", BarInterval.S1))
                .containsExactly(
                        "complete",
                        "complete",
                        "backfilled",
                        "backfilled",
                        "backfilled",
                        "backfilled",
                        "complete",
                        "revised",
                        "complete",
                        "complete",
                        "complete");
        assertThat(coverage("BTCUSDT", BarInterval.M1)).containsExactly("complete", "backfilled");
        assertAgreesWithTheModel(List.of(btcBackfilled, wide, open, kraken, book));
    }

    @Test
    void aSummaryWhoseWindowOverlapsAnUnrecoveredGapOfItsInstrumentIsNotLegitimate() throws Exception {
        long w = 60_000;
        gapSink.write(List.of(
                closed("binance", "WS-1", B + 2_000, B + 4_000, List.of("BTCUSDT"), Gap.Recovery.NONE),
                closed("binance", "WS-2", B + 5_000, B + 6_000, List.of(), Gap.Recovery.BACKFILLED),
                closed("binance", "WS-2", B + 100_000, B + 101_000, List.of(), Gap.Recovery.PARTIAL)));
        summarySink.write(List.of(
                // [B - 58 s, B + 2 s): ends where the gap starts.
                summary("BTCUSDT", B + 2_000, w, 60),
                // [B - 57 s, B + 3 s): holds [B + 2 s, B + 3 s).
                summary("BTCUSDT", B + 3_000, w, 60),
                // Low coverage too: the gap is judged first.
                summary("BTCUSDT", B + 3_000, 2 * w, 10),
                // ETH is not named by the BTC gap; the backfilled one counts for nothing.
                summary("ETHUSDT", B + 6_000, w, 60),
                // [B + 41 s, B + 101 s) holds the start of the partial, connection-wide gap.
                summary("ETHUSDT", B + 101_000, w, 60),
                // [B + 104 s, B + 164 s): starts where that gap ended.
                summary("ETHUSDT", B + 164_000, w, 60)));

        assertThat(rows("SELECT symbol, window_ms, " + epochMs("end_ts")
                        + ", legitimate, reason FROM legitimacy_stream ORDER BY symbol, end_ts, window_ms"))
                .containsExactly(
                        List.of("BTCUSDT", w, B + 2_000, true, "ok"),
                        List.of("BTCUSDT", w, B + 3_000, false, "feed_gap"),
                        List.of("BTCUSDT", 2 * w, B + 3_000, false, "feed_gap"),
                        List.of("ETHUSDT", w, B + 6_000, true, "ok"),
                        List.of("ETHUSDT", w, B + 101_000, false, "feed_gap"),
                        List.of("ETHUSDT", w, B + 164_000, true, "ok"));
        assertThat(rows("SELECT symbol, " + epochMs("end_ts") + " FROM influence_gate_feed ORDER BY symbol"))
                .containsExactly(List.of("BTCUSDT", B + 2_000), List.of("ETHUSDT", B + 164_000));
    }

    /** Every stored bar's coverage, through the queries and through the view, equals {@link Coverage#of}. */
    private void assertAgreesWithTheModel(List<Gap> ledger) throws Exception {
        for (BarInterval interval : BarInterval.values()) {
            Map<String, String> expected = new LinkedHashMap<>();
            Map<String, String> queried = new LinkedHashMap<>();
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                for (StoredBar sb : barQueries().storedBars(interval, null, symbol, ALL_FROM, ALL_TO, 1000)) {
                    Bar b = sb.bar();
                    String key = symbol + "@" + b.tsMs();
                    List<Gap> sameVenue = ledger.stream()
                            .filter(g -> g.venue().equals(b.venue()))
                            .toList();
                    expected.put(
                            key,
                            Coverage.of(symbol, b.tsMs(), b.tsMs() + interval.millis(), b.revision(), sameVenue)
                                    .json());
                    queried.put(key, sb.coverage().json());
                }
            }
            assertThat(queried).as(interval.label()).isEqualTo(expected).isNotEmpty();
            Map<String, String> viewed = new LinkedHashMap<>();
            for (List<Object> r : rows("SELECT symbol, " + epochMs("\"timestamp\"") + ", coverage FROM "
                    + interval.table() + "_coverage ORDER BY symbol, \"timestamp\"")) {
                viewed.put(r.get(0) + "@" + r.get(1), (String) r.get(2));
            }
            assertThat(viewed).as(interval.table() + "_coverage").isEqualTo(expected);
        }
    }

    private List<String> coverage(String symbol, BarInterval interval) {
        return barQueries().storedBars(interval, "binance", symbol, ALL_FROM, ALL_TO, 1000).stream()
                .map(sb -> sb.coverage().json())
                .toList();
    }

    private List<Gap> allGaps() {
        return gaps(null, null, ALL_FROM, ALL_TO);
    }

    private List<Gap> gaps(String venue, String symbol, Instant from, Instant to) {
        return gapQueries().gaps(venue, symbol, from, to, null, 1000).stream()
                .map(StoredGap::gap)
                .toList();
    }

    private static Gap closed(
            String venue, String connection, long from, long to, List<String> instruments, Gap.Recovery recovery) {
        return new Gap(
                venue,
                connection,
                from,
                to + 10,
                to,
                instruments,
                Gap.Cause.DISCONNECT,
                recovery,
                recovery == Gap.Recovery.NONE ? 0 : 5,
                "detail " + connection);
    }

    private static Bar bar(BarInterval interval, String symbol, long tsMs, int revision) {
        return new Bar(interval, "binance", symbol, tsMs, tsMs, 10, 11, 9, 10.5, 2, 3, 10.2, "live:test", revision);
    }

    private static Summary summary(String symbol, long endMs, long windowMs, int bars) {
        int expected = (int) (windowMs / 1000);
        return new Summary(
                "binance", symbol, endMs, endMs, windowMs, bars, expected, 10, 10, 0, 10, 0, 10, 10, 0.0, 0.0, null,
                0.0, 1, 10.0, 0);
    }

    /** Every row of {@code sql}: integers as Long, other values as the driver returns them. */
    private List<List<Object>> rows(String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = connection();
                Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    row.add(v instanceof Number num && !(v instanceof Double) ? (Object) num.longValue() : v);
                }
                out.add(row);
            }
        }
        return out;
    }
}
