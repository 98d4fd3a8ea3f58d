package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.model.features.FeatureDefinition;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the summary, feature and status sinks, their queries and the three summary views must do, run against each
 * database by a subclass with the same cases, so both stores give the same answers: round trips with null fields,
 * idempotent replays, the revision guards, the last of a repeated key in one batch, one feature row per value, the
 * feature catalog in {@code feature_definitions}, and the views against hand-computed expectations. Views are read
 * with plain SQL, not only through the queries under test.
 */
public abstract class AnalyticsSinkContract {
    protected static final Instant WRITE_TIME = Instant.parse("2024-05-01T12:00:00.123456Z");
    private static final long MIDNIGHT = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli();
    /** The base of the legitimacy timeline: {@code B} in the comments. */
    private static final long B = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    private static final Instant ALL_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");
    private static final long W60 = 60_000;
    private static final long W300 = 300_000;

    private EventSink<Summary> summarySink;
    private EventSink<FeatureSet> featureSink;
    private EventSink<Status> statusSink;

    /** Opens a fresh, empty database (once per test) and a summary sink stamping {@code ingested_at} from clock. */
    protected abstract EventSink<Summary> openSummarySink(Clock clock) throws Exception;

    /** A feature sink over the same database. */
    protected abstract EventSink<FeatureSet> openFeatureSink(Clock clock) throws Exception;

    /** A status sink over the same database. */
    protected abstract EventSink<Status> openStatusSink(Clock clock) throws Exception;

    protected abstract SummaryQueries summaryQueries();

    protected abstract FeatureQueries featureQueries();

    /** A plain JDBC connection to the same database; the caller closes it. */
    protected abstract Connection connection() throws Exception;

    /** SQL for the epoch milliseconds of a time expression (null stays null). */
    protected abstract String epochMs(String timeExpression);

    /** Rows of {@code table} per storage day ({@code yyyy-MM-dd}; a PostgreSQL DEFAULT partition is "default"). */
    protected abstract Map<String, Long> rowsPerStorageDay(String table) throws Exception;

    protected abstract void closeDatabase() throws Exception;

    @BeforeEach
    void openContractSinks() throws Exception {
        Clock clock = Clock.fixed(WRITE_TIME, ZoneOffset.UTC);
        summarySink = openSummarySink(clock);
        featureSink = openFeatureSink(clock);
        statusSink = openStatusSink(clock);
    }

    @AfterEach
    void closeContractSinks() throws Exception {
        summarySink.close();
        featureSink.close();
        statusSink.close();
        closeDatabase();
    }

    // ---- summaries ------------------------------------------------------------------------------------------

    @Test
    void summariesRoundTripWithTheirNullFieldsAndReplaysLeaveTheSameRows() throws Exception {
        Summary full = full("binance", "BTCUSDT", W60, B, 60, 101.5, 3);
        // One bar: slope, slope_norm, zscore and realized_vol are undefined; zero volume: no vwap.
        Summary single = new Summary(
                "binance", "BTCUSDT", B + 1000, B + 1200, W300, 1, 300, 99.0, 99.0, 0.0, 99.0, 0.0, 99.0, 99.0, null,
                null, null, null, 0.0, null, 0);
        List<Summary> batch = List.of(full, single);
        summarySink.write(batch);
        List<StoredSummary> first = allSummaries("BTCUSDT");
        summarySink.write(batch);

        assertThat(allSummaries("BTCUSDT")).isEqualTo(first);
        assertThat(first).extracting(StoredSummary::summary).containsExactly(full, single);
        assertThat(first).extracting(StoredSummary::ingestedAt).containsOnly(WRITE_TIME);
        // coverage = bars / expected: 60 / 60 and 1 / 300.
        assertThat(rows("SELECT coverage, slope, vwap FROM quotient_summaries ORDER BY end_ts"))
                .containsExactly(List.of(1.0, 0.25, 101.25), Arrays.asList(1.0 / 300, null, null));
        assertThat(rows("SELECT " + epochMs("computed_at") + " FROM quotient_summaries ORDER BY end_ts"))
                .containsExactly(List.of(B + 7), List.of(B + 1200));
    }

    @Test
    void aStoredSummaryIsReplacedOnlyByAnEqualOrHigherRevision() throws Exception {
        summarySink.write(List.of(full("binance", "ETHUSDT", W60, B, 60, 10.0, 2)));
        summarySink.write(List.of(full("binance", "ETHUSDT", W60, B, 60, 11.0, 1))); // a redelivered older one
        assertThat(revisionAndClose("ETHUSDT")).containsExactly(List.of(2, 10.0));

        summarySink.write(List.of(full("binance", "ETHUSDT", W60, B, 60, 12.0, 2))); // same revision: rewritten
        assertThat(revisionAndClose("ETHUSDT")).containsExactly(List.of(2, 12.0));

        summarySink.write(List.of(full("binance", "ETHUSDT", W60, B, 60, 13.0, 3)));
        assertThat(revisionAndClose("ETHUSDT")).containsExactly(List.of(3, 13.0));
    }

    @Test
    void aBatchKeepsTheHighestRevisionOfAKeyAndTheLastOneOnATie() throws Exception {
        summarySink.write(List.of(
                full("binance", "SOLUSDT", W60, B, 60, 1.0, 0),
                full("binance", "SOLUSDT", W60, B + 1000, 60, 5.0, 1),
                full("binance", "SOLUSDT", W60, B, 60, 2.0, 2),
                full("binance", "SOLUSDT", W60, B + 1000, 60, 6.0, 1),
                full("binance", "SOLUSDT", W60, B, 60, 3.0, 1)));

        assertThat(revisionAndClose("SOLUSDT")).containsExactly(List.of(2, 2.0), List.of(1, 6.0));
    }

    @Test
    void summariesAreFilteredByVenueWindowAndTimeAndPagesWalkEveryRowOnce() {
        List<Summary> batch = new ArrayList<>();
        // Two venues and two windows share every window end: venue then window length break the tie.
        for (int i = 0; i < 5; i++) {
            for (String venue : List.of("binance", "kraken")) {
                for (long w : List.of(W60, W300)) batch.add(full(venue, "ADAUSDT", w, B + i * 1000L, 30, 1.0 + i, 0));
            }
        }
        summarySink.write(batch);
        SummaryQueries q = summaryQueries();

        assertThat(q.summaries("kraken", "ADAUSDT", W300, ALL_FROM, ALL_TO, 100))
                .extracting(s -> s.summary().tsMs())
                .containsExactly(B, B + 1000, B + 2000, B + 3000, B + 4000);
        assertThat(q.summaries(
                        null, "ADAUSDT", null, Instant.ofEpochMilli(B + 1000), Instant.ofEpochMilli(B + 2000), 100))
                .extracting(s -> s.summary().venue(), s -> s.summary().windowMs())
                .containsExactly(
                        tuple("binance", W60), tuple("binance", W300), tuple("kraken", W60), tuple("kraken", W300));
        assertThat(q.summaries("binance", "XRPUSDT", null, ALL_FROM, ALL_TO, 100))
                .isEmpty();

        List<StoredSummary> walked = new ArrayList<>();
        PageKey after = null;
        int pages = 0;
        while (true) {
            List<StoredSummary> page = q.summaries(null, "ADAUSDT", null, ALL_FROM, ALL_TO, after, 3);
            pages++;
            walked.addAll(page);
            if (page.size() < 3) break;
            after = page.get(page.size() - 1).pageKey();
        }
        assertThat(pages).isEqualTo(7); // 20 rows: six full pages and one of two
        assertThat(walked).isEqualTo(q.summaries(null, "ADAUSDT", null, ALL_FROM, ALL_TO, 1000));
        assertThat(walked.stream()
                        .map(s -> s.summary().tsMs() + "|" + s.summary().venue() + "|"
                                + s.summary().windowMs())
                        .toList())
                .hasSize(20)
                .doesNotHaveDuplicates();
    }

    // ---- features -------------------------------------------------------------------------------------------

    @Test
    void aFeatureSetBecomesOneRowPerValueAndVenuesAndIntervalsNeverOverwriteEachOther() throws Exception {
        long minute = B + 60_000;
        FeatureSet m1 = features("binance", BarInterval.M1, minute, 0, 100.5, 0.01, 0.5);
        FeatureSet s1 = features("binance", BarInterval.S1, minute, 0, 100.25, 0.02, 0.75); // same start, 1s bar
        FeatureSet kraken = features("kraken", BarInterval.M1, minute, 0, 100.75, 0.03, 0.25);
        featureSink.write(List.of(m1, s1, kraken));
        featureSink.write(List.of(m1, s1, kraken));

        assertThat(count("SELECT count(*) FROM intraday_features")).isEqualTo(9);
        List<StoredFeature> stored =
                featureQueries().features(null, "BTCUSDT", null, BarInterval.M1, ALL_FROM, ALL_TO, 100);
        // Ordered by bar start, venue, feature name.
        assertThat(stored)
                .extracting(StoredFeature::venue, StoredFeature::featureName, StoredFeature::value)
                .containsExactly(
                        tuple("binance", FeatureDefinition.PRICE_TO_OPEN, 0.01),
                        tuple("binance", FeatureDefinition.RANGE_POSITION, 0.5),
                        tuple("binance", FeatureDefinition.VWAP, 100.5),
                        tuple("kraken", FeatureDefinition.PRICE_TO_OPEN, 0.03),
                        tuple("kraken", FeatureDefinition.RANGE_POSITION, 0.25),
                        tuple("kraken", FeatureDefinition.VWAP, 100.75));
        StoredFeature first = stored.get(0);
        assertThat(first.symbol()).isEqualTo("BTCUSDT");
        assertThat(first.interval()).isEqualTo(BarInterval.M1);
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochMilli(minute));
        assertThat(first.version()).isEqualTo(FeatureDefinition.V1);
        assertThat(first.sessionDate()).isEqualTo(LocalDate.parse("2024-05-01"));
        assertThat(first.barRevision()).isZero();
        assertThat(first.computedAt()).isEqualTo(Instant.ofEpochMilli(minute + 60_000 + 9));
        assertThat(first.ingestedAt()).isEqualTo(WRITE_TIME);
        assertThat(featureQueries()
                        .features("binance", "BTCUSDT", FeatureDefinition.VWAP, BarInterval.S1, ALL_FROM, ALL_TO, 100))
                .extracting(StoredFeature::value)
                .containsExactly(100.25);
        assertThat(rows("SELECT bar_interval, count(*) FROM intraday_features GROUP BY bar_interval ORDER BY 1"))
                .containsExactly(List.of("1m", 6L), List.of("1s", 3L));
    }

    @Test
    void aFeatureRowIsReplacedOnlyByAnEqualOrHigherBarRevisionAndABatchKeepsTheHighest() throws Exception {
        long minute = B;
        featureSink.write(List.of(features("binance", BarInterval.M1, minute, 2, 10.0, 0.1, 0.1)));
        featureSink.write(List.of(features("binance", BarInterval.M1, minute, 1, 11.0, 0.1, 0.1))); // older
        assertThat(vwapRevisions()).containsExactly(List.of(2, 10.0));

        featureSink.write(List.of(
                features("binance", BarInterval.M1, minute, 3, 12.0, 0.1, 0.1),
                features("binance", BarInterval.M1, minute, 4, 13.0, 0.1, 0.1),
                features("binance", BarInterval.M1, minute, 3, 14.0, 0.1, 0.1), // lower than 4 within the batch
                features("binance", BarInterval.M1, minute + 60_000, 0, 20.0, 0.1, 0.1),
                features("binance", BarInterval.M1, minute + 60_000, 0, 21.0, 0.1, 0.1))); // tie: the last
        assertThat(vwapRevisions()).containsExactly(List.of(4, 13.0), List.of(0, 21.0));

        featureSink.write(List.of(features("binance", BarInterval.M1, minute, 4, 15.0, 0.1, 0.1))); // tie rewrites
        assertThat(vwapRevisions()).containsExactly(List.of(4, 15.0), List.of(0, 21.0));
    }

    @Test
    void latestFeaturesAreThoseOfEachVenuesNewestBarAndPagesWalkEveryRowOnce() {
        List<FeatureSet> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(features("binance", BarInterval.M1, B + i * 60_000L, 0, 100 + i, 0.01 * i, 0.5));
            batch.add(features("kraken", BarInterval.M1, B + i * 60_000L, 0, 200 + i, 0.02 * i, 0.5));
        }
        // Kraken's newest bar has only one feature so far; binance's newest minute is the 4th (i = 3).
        batch.add(new FeatureSet(
                "kraken",
                "BTCUSDT",
                BarInterval.M1,
                B + 4 * 60_000L,
                B + 5 * 60_000L,
                FeatureDefinition.V1,
                "2024-05-01",
                Map.of(FeatureDefinition.VWAP, 204.0),
                0));
        featureSink.write(batch);
        FeatureQueries q = featureQueries();

        assertThat(q.latest(null, "BTCUSDT", BarInterval.M1))
                .extracting(StoredFeature::venue, StoredFeature::featureName, StoredFeature::value)
                .containsExactly(
                        tuple("binance", FeatureDefinition.PRICE_TO_OPEN, 0.01 * 3),
                        tuple("binance", FeatureDefinition.RANGE_POSITION, 0.5),
                        tuple("binance", FeatureDefinition.VWAP, 103.0),
                        tuple("kraken", FeatureDefinition.VWAP, 204.0));
        assertThat(q.latest("binance", "BTCUSDT", BarInterval.M1)).hasSize(3);
        assertThat(q.latest(null, "BTCUSDT", BarInterval.S1)).isEmpty();

        List<StoredFeature> walked = new ArrayList<>();
        PageKey after = null;
        while (true) {
            List<StoredFeature> page = q.features(null, "BTCUSDT", null, BarInterval.M1, ALL_FROM, ALL_TO, after, 4);
            walked.addAll(page);
            if (page.size() < 4) break;
            after = page.get(page.size() - 1).pageKey();
        }
        // 8 sets of 3 values and one of 1: 25 rows.
        assertThat(walked)
                .hasSize(25)
                .isEqualTo(q.features(null, "BTCUSDT", null, BarInterval.M1, ALL_FROM, ALL_TO, 1000));
        assertThat(walked.stream()
                        .map(f -> f.timestamp() + "|" + f.venue() + "|" + f.featureName())
                        .toList())
                .doesNotHaveDuplicates()
                .isSorted();
    }

    @Test
    void featureDefinitionsHoldTheCatalog() throws Exception {
        List<List<Object>> expected = FeatureDefinition.CATALOG.stream()
                .sorted(Comparator.comparing(FeatureDefinition::name))
                .map(d -> List.<Object>of(d.name(), d.version(), d.description(), d.formula(), d.lookbackBars(), true))
                .toList();
        assertThat(rows("SELECT name, version, description, formula, lookback_bars, is_active "
                        + "FROM feature_definitions ORDER BY name, version"))
                .isEqualTo(expected);
    }

    @Test
    void syncingTheCatalogAgainRetiresADefinitionItNoLongerLists() throws Exception {
        try (Connection c = connection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO feature_definitions VALUES ('intraday_vwap', 'v0', 'old', 'old', 1, TRUE)");
            s.execute("UPDATE feature_definitions SET description = 'stale' WHERE version = 'v1'");
            FeatureDefinitionsSync.sync(c);
        }
        assertThat(rows("SELECT version, is_active, description = 'stale' FROM feature_definitions "
                        + "WHERE name = 'intraday_vwap' ORDER BY version"))
                .containsExactly(List.of("v0", false, false), List.of("v1", true, false));
        assertThat(count("SELECT count(*) FROM feature_definitions WHERE is_active"))
                .isEqualTo(FeatureDefinition.CATALOG.size());
    }

    // ---- status ---------------------------------------------------------------------------------------------

    @Test
    void statusRecordsAreStoredPerConnectionInLowerCaseAndARepeatedKeyKeepsTheLast() throws Exception {
        statusSink.write(List.of(
                status("binance", "WS-1", B, Status.State.CONNECTED),
                new Status("binance", "WS-1", B + 1000, B + 1001, Status.State.DEGRADED, "slow", Map.of("lag", 3L)),
                status("binance", "GATEWAY", B + 1000, Status.State.DISCONNECTED),
                status("binance", "WS-1", B + 1000, Status.State.DISCONNECTED)));
        statusSink.write(List.of(status("binance", "WS-1", B, Status.State.CONNECTED)));

        assertThat(rows("SELECT connection, " + epochMs("ts") + ", state, detail, " + epochMs("ingested_at")
                        + " FROM feed_status ORDER BY ts, connection"))
                .containsExactly(
                        Arrays.asList("WS-1", B, "connected", null, WRITE_TIME.toEpochMilli()),
                        Arrays.asList("GATEWAY", B + 1000, "disconnected", null, WRITE_TIME.toEpochMilli()),
                        Arrays.asList("WS-1", B + 1000, "disconnected", null, WRITE_TIME.toEpochMilli()));
    }

    @Test
    void batchesSpanningMidnightLandInTwoStorageDays() throws Exception {
        summarySink.write(List.of(
                full("binance", "BTCUSDT", W60, MIDNIGHT - 1000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, MIDNIGHT, 60, 1.0, 0)));
        featureSink.write(List.of(
                features("binance", BarInterval.S1, MIDNIGHT - 1000, 0, 1.0, 0.0, 0.5),
                features("binance", BarInterval.M1, MIDNIGHT, 0, 1.0, 0.0, 0.5)));
        statusSink.write(List.of(
                status("binance", "WS-1", MIDNIGHT - 1, Status.State.CONNECTED),
                status("binance", "WS-1", MIDNIGHT, Status.State.CONNECTED)));

        assertThat(rowsPerStorageDay("quotient_summaries")).isEqualTo(Map.of("2024-05-01", 1L, "2024-05-02", 1L));
        assertThat(rowsPerStorageDay("intraday_features")).isEqualTo(Map.of("2024-05-01", 3L, "2024-05-02", 3L));
        assertThat(rowsPerStorageDay("feed_status")).isEqualTo(Map.of("2024-05-01", 1L, "2024-05-02", 1L));
        checkStorageOfTheMidnightBatches();
    }

    /**
     * Further checks of where the rows of {@link #batchesSpanningMidnightLandInTwoStorageDays} are stored: the 1s
     * features of 2024-05-01 23:59:59 and the 1m features of 2024-05-02 00:00 (3 rows each). None by default.
     */
    protected void checkStorageOfTheMidnightBatches() throws Exception {}

    // ---- views ----------------------------------------------------------------------------------------------

    @Test
    void deltasSetEachSummaryBesideThePreviousOfItsSeries() throws Exception {
        long e = B;
        summarySink.write(List.of(
                summary("kraken", "SOLUSDT", W60, e, 60, 100.0, 0.01, 99.5, 0.5, 0.25, 0.0025, 1.0, 0.5, 10.0, 99.75),
                summary(
                        "kraken", "SOLUSDT", W60, e + 1000, 45, 101.0, 0.02, 100.0, 0.75, null, null, 1.5, 0.25, 12.5,
                        null),
                summary(
                        "kraken", "SOLUSDT", W60, e + 3000, 30, 100.5, -0.005, 100.25, 0.25, -0.5, -0.005, 1.0, 0.75,
                        7.5, 100.5),
                // Another series of the same instrument: its first summary has no previous one.
                summary(
                        "kraken", "SOLUSDT", W300, e + 1000, 300, 101.0, 0.0, 100.0, 0.5, 0.0, 0.0, 2.0, 0.1, 50.0,
                        100.0)));

        List<List<Object>> rows = rows("SELECT window_ms, " + epochMs("end_ts") + ", " + epochMs("prev_end_ts")
                + ", gap_ms, d_coverage, d_last_close, d_log_return, d_mean_close, d_stdev_close, d_slope, "
                + "d_slope_norm, d_zscore, d_realized_vol, d_volume, d_vwap FROM quotient_deltas "
                + "WHERE symbol = 'SOLUSDT' ORDER BY window_ms, end_ts");
        assertThat(rows).hasSize(4);
        // The first of each series: every delta null.
        assertRow(rows.get(0), W60, e, null, null, null, null, null, null, null, null, null, null, null, null, null);
        // 2nd - 1st: coverage 45/60 - 60/60 = -0.25, close 101 - 100 = 1, log return 0.02 - 0.01 = 0.01,
        // mean 100 - 99.5 = 0.5, stdev 0.75 - 0.5 = 0.25, slope and slope_norm null - 0.25 = null,
        // zscore 1.5 - 1 = 0.5, vol 0.25 - 0.5 = -0.25, volume 12.5 - 10 = 2.5, vwap null - 99.75 = null.
        assertRow(rows.get(1), W60, e + 1000, e, 1000L, -0.25, 1.0, 0.01, 0.5, 0.25, null, null, 0.5, -0.25, 2.5, null);
        // 3rd - 2nd, after a 2 s gap: coverage 30/60 - 45/60 = -0.25, close 100.5 - 101 = -0.5,
        // log return -0.005 - 0.02 = -0.025, mean 100.25 - 100 = 0.25, stdev 0.25 - 0.75 = -0.5,
        // slope -0.5 - null = null, zscore 1 - 1.5 = -0.5, vol 0.75 - 0.25 = 0.5, volume 7.5 - 12.5 = -5,
        // vwap 100.5 - null = null.
        assertRow(
                rows.get(2),
                W60,
                e + 3000,
                e + 1000,
                2000L,
                -0.25,
                -0.5,
                -0.025,
                0.25,
                -0.5,
                null,
                null,
                -0.5,
                0.5,
                -5.0,
                null);
        assertRow(
                rows.get(3),
                W300,
                e + 1000,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The legitimacy timeline (B = 12:00:00 UTC). Status of binance: WS-1 connected at B, disconnected at B+100s,
     * connected at B+400s, disconnected at B+1000s; WS-2 degraded at B+600s, connected at B+700s, degraded at
     * B+1010s. Kraken publishes no status. Each summary of binance BTCUSDT (60 s windows) is judged by the latest
     * record of each connection in (end - 120 s, end].
     */
    @Test
    void legitimacyJudgesTheFeedFirstThenTheCoverage() throws Exception {
        writeTimeline();

        assertThat(rows("SELECT " + epochMs("end_ts") + " - " + B + ", legitimate, reason FROM legitimacy_stream "
                        + "WHERE venue = 'binance' AND symbol = 'BTCUSDT' AND window_ms = " + W60
                        + " ORDER BY end_ts"))
                .containsExactly(
                        // WS-1 connected at B, 50 s old: ok.
                        List.of(50_000L, true, "ok"),
                        // WS-1 disconnected exactly at end_ts: in the window.
                        List.of(100_000L, false, "feed_disconnected"),
                        // the disconnect at B+100s is 119 s old: still in the window.
                        List.of(219_000L, false, "feed_disconnected"),
                        // exactly 120 s old: out of (end - 120 s, end]; no status left, coverage 1: ok.
                        List.of(220_000L, true, "ok"),
                        // no status in the window, 20 of 60 bars: coverage 0.33 < 0.5.
                        List.of(221_000L, false, "low_coverage"),
                        // WS-1 reconnected at B+400s (its disconnect is 301 s old); 29 of 60 bars: 0.483 < 0.5.
                        List.of(401_000L, false, "low_coverage"),
                        // 30 of 60 bars: coverage 0.5 is not below 0.5.
                        List.of(402_000L, true, "ok"),
                        // WS-2 degraded 50 s ago; WS-1's last record (B+400s) is 250 s old.
                        List.of(650_000L, false, "feed_degraded"),
                        // WS-2's latest record in the window is connected (B+700s), not the degraded one (B+600s).
                        List.of(710_000L, true, "ok"),
                        // records after end_ts do not count; WS-2 connected at B+700s is 299 s old: ok.
                        List.of(999_000L, true, "ok"),
                        // WS-1 disconnected (15 s) beats WS-2 degraded (5 s) and the coverage of 10 of 60.
                        List.of(1_015_000L, false, "feed_disconnected"));
        // Binance's status never judges kraken: coverage alone (10 of 60 bars, then 60 of 60).
        assertThat(rows("SELECT " + epochMs("end_ts") + " - " + B + ", legitimate, reason FROM legitimacy_stream "
                        + "WHERE venue = 'kraken' ORDER BY end_ts"))
                .containsExactly(List.of(100_000L, false, "low_coverage"), List.of(101_000L, true, "ok"));
        assertThat(count("SELECT count(*) FROM legitimacy_stream"))
                .isEqualTo(count("SELECT count(*) FROM " + "quotient_summaries"));

        SummaryQueries q = summaryQueries();
        assertThat(q.legitimacy("binance", "BTCUSDT", W60, Instant.ofEpochMilli(B + 650_000)))
                .contains(Legitimacy.FEED_DEGRADED);
        assertThat(q.legitimacy("binance", "BTCUSDT", W60, Instant.ofEpochMilli(B + 402_000)))
                .contains(Legitimacy.OK);
        assertThat(q.legitimacy("binance", "BTCUSDT", W60, Instant.ofEpochMilli(B + 1)))
                .isEmpty();
    }

    @Test
    void theGateFeedHoldsTheLatestLegitimateSummaryOfEachSeries() throws Exception {
        writeTimeline();

        // binance BTCUSDT 60 s: the latest (B+1015s) is feed_disconnected, so the one before it (B+999s, ok).
        // binance BTCUSDT 300 s: its only summary (B+1015s) is feed_disconnected: no row.
        // binance ETHUSDT 60 s: B+650s is feed_degraded, so B+50s. kraken BTCUSDT 60 s: B+101s.
        assertThat(rows("SELECT venue, symbol, window_ms, " + epochMs("end_ts") + " - " + B
                        + " FROM influence_gate_feed ORDER BY venue, symbol, window_ms"))
                .containsExactly(
                        List.of("binance", "BTCUSDT", W60, 999_000L),
                        List.of("binance", "ETHUSDT", W60, 50_000L),
                        List.of("kraken", "BTCUSDT", W60, 101_000L));

        SummaryQueries q = summaryQueries();
        assertThat(q.gate(null, "BTCUSDT", null))
                .extracting(s -> s.summary().venue(), s -> s.summary().tsMs() - B)
                .containsExactly(tuple("binance", 999_000L), tuple("kraken", 101_000L));
        assertThat(q.gate("binance", "BTCUSDT", W300)).isEmpty();
        assertThat(q.latest(null, "BTCUSDT", null))
                .extracting(
                        j -> j.stored().summary().venue(),
                        j -> j.stored().summary().windowMs(),
                        j -> j.stored().summary().tsMs() - B,
                        JudgedSummary::legitimacy)
                .containsExactly(
                        tuple("binance", W60, 1_015_000L, Legitimacy.FEED_DISCONNECTED),
                        tuple("binance", W300, 1_015_000L, Legitimacy.FEED_DISCONNECTED),
                        tuple("kraken", W60, 101_000L, Legitimacy.OK));
        assertThat(q.latest("kraken", "BTCUSDT", W60))
                .extracting(j -> j.stored().summary())
                .containsExactly(full("kraken", "BTCUSDT", W60, B + 101_000, 60, 1.0, 0));
    }

    private void writeTimeline() {
        statusSink.write(List.of(
                status("binance", "WS-1", B, Status.State.CONNECTED),
                status("binance", "WS-1", B + 100_000, Status.State.DISCONNECTED),
                status("binance", "WS-1", B + 400_000, Status.State.CONNECTED),
                status("binance", "WS-2", B + 600_000, Status.State.DEGRADED),
                status("binance", "WS-2", B + 700_000, Status.State.CONNECTED),
                status("binance", "WS-1", B + 1_000_000, Status.State.DISCONNECTED),
                status("binance", "WS-2", B + 1_010_000, Status.State.DEGRADED)));
        summarySink.write(List.of(
                full("binance", "BTCUSDT", W60, B + 50_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 100_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 219_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 220_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 221_000, 20, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 401_000, 29, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 402_000, 30, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 650_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 710_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 999_000, 60, 1.0, 0),
                full("binance", "BTCUSDT", W60, B + 1_015_000, 10, 1.0, 0),
                full("binance", "BTCUSDT", W300, B + 1_015_000, 300, 1.0, 0),
                full("binance", "ETHUSDT", W60, B + 50_000, 60, 1.0, 0),
                full("binance", "ETHUSDT", W60, B + 650_000, 60, 1.0, 0),
                full("kraken", "BTCUSDT", W60, B + 100_000, 10, 1.0, 0),
                full("kraken", "BTCUSDT", W60, B + 101_000, 60, 1.0, 0)));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private List<StoredSummary> allSummaries(String symbol) {
        return summaryQueries().summaries(null, symbol, null, ALL_FROM, ALL_TO, 1000);
    }

    private List<List<Object>> revisionAndClose(String symbol) throws Exception {
        return rows(
                "SELECT revision, last_close FROM quotient_summaries WHERE symbol = '" + symbol + "' ORDER BY end_ts");
    }

    private List<List<Object>> vwapRevisions() throws Exception {
        return rows("SELECT bar_revision, value FROM intraday_features WHERE feature_name = 'intraday_vwap' "
                + "ORDER BY \"timestamp\"");
    }

    /** Every row of {@code sql}, each column as JDBC reads it, integers as {@code Long} or {@code Integer}. */
    private List<List<Object>> rows(String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(normalized(r.getObject(i)));
                out.add(row);
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        return ((Number) rows(sql).get(0).get(0)).longValue();
    }

    /** DuckDB reads a HUGEINT expression as a BigInteger; both stores' whole numbers compare as Long here. */
    private static Object normalized(Object v) {
        return v instanceof BigInteger b ? b.longValueExact() : v;
    }

    /** Compares a deltas row, doubles to 1e-12. */
    private static void assertRow(List<Object> row, Object... expected) {
        assertThat(row).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            Object want = expected[i];
            Object got = row.get(i);
            if (want == null) {
                assertThat(got).as("column " + i).isNull();
            } else if (want instanceof Double d) {
                assertThat(((Number) got).doubleValue()).as("column " + i).isCloseTo(d, within(1e-12));
            } else {
                assertThat(((Number) got).longValue()).as("column " + i).isEqualTo(((Number) want).longValue());
            }
        }
    }

    /** A window of {@code bars} bars with fixed statistics; {@code lastClose} tells rows apart. */
    private static Summary full(
            String venue, String symbol, long windowMs, long endMs, int bars, double lastClose, int revision) {
        return new Summary(
                venue,
                symbol,
                endMs,
                endMs + 7,
                windowMs,
                bars,
                (int) (windowMs / 1000),
                100.0,
                lastClose,
                Math.log(lastClose / 100.0),
                100.5,
                0.75,
                99.0,
                102.0,
                0.25,
                0.0025,
                1.25,
                0.4,
                15.0,
                101.25,
                revision);
    }

    private static Summary summary(
            String venue,
            String symbol,
            long windowMs,
            long endMs,
            int bars,
            double lastClose,
            double logReturn,
            double mean,
            double stdev,
            Double slope,
            Double slopeNorm,
            Double zscore,
            Double realizedVol,
            double volume,
            Double vwap) {
        return new Summary(
                venue,
                symbol,
                endMs,
                endMs + 7,
                windowMs,
                bars,
                (int) (windowMs / 1000),
                99.0,
                lastClose,
                logReturn,
                mean,
                stdev,
                98.0,
                102.0,
                slope,
                slopeNorm,
                zscore,
                realizedVol,
                volume,
                vwap,
                0);
    }

    /** The three features defined from the first bar, in catalog order. */
    private static FeatureSet features(
            String venue, BarInterval interval, long tsMs, int barRevision, double vwap, double toOpen, double range) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(FeatureDefinition.VWAP, vwap);
        values.put(FeatureDefinition.PRICE_TO_OPEN, toOpen);
        values.put(FeatureDefinition.RANGE_POSITION, range);
        return new FeatureSet(
                venue,
                "BTCUSDT",
                interval,
                tsMs,
                tsMs + interval.millis() + 9,
                FeatureDefinition.V1,
                LocalDate.ofEpochDay(Math.floorDiv(tsMs, 86_400_000L)).toString(),
                values,
                barRevision);
    }

    private static Status status(String venue, String connection, long tsMs, Status.State state) {
        return new Status(venue, connection, tsMs, tsMs + 2, state, null, Map.of());
    }
}
