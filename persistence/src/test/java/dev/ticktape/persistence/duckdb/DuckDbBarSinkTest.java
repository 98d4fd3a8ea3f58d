package dev.ticktape.persistence.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.SinkWriteException;
import dev.ticktape.persistence.StoredBar;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbBarSinkTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Instant WRITE_TIME = Instant.parse("2024-05-01T12:00:00.123456Z");
    private static final Instant ALL_FROM = Instant.ofEpochMilli(0);
    private static final Instant ALL_TO = Instant.parse("2100-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private DuckDbDatabase db;
    private DuckDbBarSink sink;
    private DuckDbBarQueries queries;

    @BeforeEach
    void open() throws SQLException {
        db = DuckDbDatabase.open(dir.resolve("nested/dir/bars.duckdb"));
        sink = new DuckDbBarSink(db.writer(), Clock.fixed(WRITE_TIME, ZoneOffset.UTC));
        queries = new DuckDbBarQueries(db);
    }

    @AfterEach
    void close() throws SQLException {
        sink.close();
        db.close();
    }

    @Test
    void writesEveryColumnAndReadsItBack() throws SQLException {
        Bar withSource = new Bar(
                BarInterval.S1,
                "binance",
                "BTCUSDT",
                T0,
                T0 + 7,
                100.5,
                101.25,
                99.75,
                100.0,
                0.125,
                10,
                100.3125,
                "file:trades.csv");
        Bar live =
                new Bar(BarInterval.S1, "binance", "BTCUSDT", T0 + 1000, 5, 101, 103, 99.5, 102, 3.25, 7, null, null);
        sink.write(List.of(withSource, live));

        List<StoredBar> stored = queries.storedBars(BarInterval.S1, "binance", "BTCUSDT", ALL_FROM, ALL_TO, 10);

        assertThat(stored).extracting(StoredBar::ingestedAt).containsOnly(WRITE_TIME);
        assertThat(queries.bars(BarInterval.S1, "binance", "BTCUSDT", ALL_FROM, ALL_TO, 10))
                .isEqualTo(stored.stream().map(StoredBar::bar).toList());
        long recv = WRITE_TIME.toEpochMilli();
        assertThat(stored)
                .extracting(StoredBar::bar)
                .containsExactly(withRecv(withSource, recv, "file:trades.csv"), withRecv(live, recv, "live:BTCUSDT"));
        try (Connection c = db.openReader();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT strftime(\"timestamp\", '%Y-%m-%d %H:%M:%S.%f'), "
                        + "strftime(ingested_at, '%Y-%m-%d %H:%M:%S.%f'), vwap IS NULL FROM ohlc_1s ORDER BY 1")) {
            r.next();
            // UTC wall time, independent of the JVM zone.
            assertThat(r.getString(1)).isEqualTo("2023-11-14 22:13:20.000000");
            assertThat(r.getString(2)).isEqualTo("2024-05-01 12:00:00.123456");
            assertThat(r.getBoolean(3)).isFalse();
            r.next();
            assertThat(r.getBoolean(3)).isTrue();
        }
    }

    @Test
    void replayingTheSameBatchLeavesTheSameRows() {
        List<Bar> batch = series(BarInterval.S1, "ETHUSDT", 50);
        sink.write(batch);
        List<StoredBar> first = all(BarInterval.S1, "ETHUSDT");

        sink.write(batch);

        assertThat(all(BarInterval.S1, "ETHUSDT")).isEqualTo(first).hasSize(50);
    }

    @Test
    void revisedBarReplacesTheStoredOne() {
        Bar original = bar(BarInterval.S1, "BTCUSDT", T0, 100, 1);
        Bar revised = new Bar(BarInterval.S1, "binance", "BTCUSDT", T0, 9, 100, 120, 90, 110, 42, 9, 105.0, "rev");
        sink.write(List.of(original));

        sink.write(List.of(revised));

        assertThat(all(BarInterval.S1, "BTCUSDT"))
                .extracting(StoredBar::bar)
                .containsExactly(withRecv(revised, WRITE_TIME.toEpochMilli(), "rev"));
    }

    @Test
    void lastBarWinsWhenABatchRepeatsAKey() {
        Bar first = bar(BarInterval.M1, "BTCUSDT", T0 - T0 % 60_000, 100, 1);
        Bar second = new Bar(
                BarInterval.M1, "binance", "BTCUSDT", first.tsMs(), 0, 200, 210, 190, 205, 3, 2, null, "second");
        Bar other = bar(BarInterval.M1, "BTCUSDT", first.tsMs() + 60_000, 300, 4);

        sink.write(List.of(first, other, second));

        assertThat(all(BarInterval.M1, "BTCUSDT"))
                .extracting(StoredBar::bar)
                .containsExactly(
                        withRecv(second, WRITE_TIME.toEpochMilli(), "second"),
                        withRecv(other, WRITE_TIME.toEpochMilli(), "live:BTCUSDT"));
    }

    @Test
    void secondAndMinuteTablesAreIndependent() {
        long minute = T0 - T0 % 60_000;
        Bar second = bar(BarInterval.S1, "BTCUSDT", minute, 100, 1);
        Bar minuteBar = bar(BarInterval.M1, "BTCUSDT", minute, 200, 2);

        sink.write(List.of(second, minuteBar));

        assertThat(all(BarInterval.S1, "BTCUSDT"))
                .extracting(s -> s.bar().open())
                .containsExactly(100.0);
        assertThat(all(BarInterval.M1, "BTCUSDT"))
                .extracting(s -> s.bar().open())
                .containsExactly(200.0);
        assertThat(queries.series(BarInterval.S1)).singleElement().satisfies(s -> {
            assertThat(s.instrument().key()).isEqualTo("binance:BTCUSDT");
            assertThat(s.rows()).isEqualTo(1);
            assertThat(s.firstBar()).isEqualTo(Instant.ofEpochMilli(minute));
            assertThat(s.lastIngestedAt()).isEqualTo(WRITE_TIME);
        });
    }

    @Test
    void queryHonoursTimeRangeVenueAndLimit() {
        List<Bar> batch = new ArrayList<>(series(BarInterval.S1, "SOLUSDT", 10));
        batch.add(new Bar(BarInterval.S1, "polygon", "SOLUSDT", T0 + 2000, 0, 1, 1, 1, 1, 1, 1, null, null));
        sink.write(batch);
        Instant from = Instant.ofEpochMilli(T0 + 2000);
        Instant to = Instant.ofEpochMilli(T0 + 5000);

        assertThat(queries.storedBars(BarInterval.S1, "binance", "SOLUSDT", from, to, 100))
                .extracting(s -> s.bar().tsMs())
                .containsExactly(T0 + 2000, T0 + 3000, T0 + 4000);
        assertThat(queries.storedBars(BarInterval.S1, null, "SOLUSDT", from, to, 100))
                .hasSize(4);
        assertThat(queries.storedBars(BarInterval.S1, "binance", "SOLUSDT", from, to, 2))
                .hasSize(2);
    }

    @Test
    void failedWriteLeavesNothingBehind() throws SQLException {
        sink.write(List.of(bar(BarInterval.S1, "BTCUSDT", T0, 100, 1)));
        try (Connection c = db.openReader();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE ohlc_1m RENAME TO ohlc_1m_gone");
        }

        List<Bar> mixed = List.of(
                bar(BarInterval.S1, "BTCUSDT", T0 + 1000, 100, 1),
                bar(BarInterval.M1, "BTCUSDT", T0 - T0 % 60_000, 100, 1));
        assertThatThrownBy(() -> sink.write(mixed)).isInstanceOf(SinkWriteException.class);

        assertThat(all(BarInterval.S1, "BTCUSDT")).hasSize(1);
        try (Connection c = db.openReader();
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE ohlc_1m_gone RENAME TO ohlc_1m");
        }
        sink.write(mixed);
        assertThat(all(BarInterval.S1, "BTCUSDT")).hasSize(2);
        assertThat(all(BarInterval.M1, "BTCUSDT")).hasSize(1);
    }

    @Test
    void schemaMigrationIsRecordedAndIdempotent() throws SQLException {
        assertThat(DuckDbSchema.currentVersion(db.writer())).isEqualTo(DuckDbSchema.latestVersion());
        assertThat(DuckDbSchema.migrate(db.writer())).isEmpty();
    }

    @Test
    void writesALargeBatchQuickly() {
        List<Bar> batch = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            batch.add(bar(BarInterval.S1, "SYM" + (i % 100), T0 + (i / 100) * 1000L, 100 + i % 7, i));
        }
        sink.write(batch.subList(0, 1000)); // warm up the appender path

        long start = System.nanoTime();
        sink.write(batch);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("DuckDbBarSink: 100000 bars in %.3f s = %.0f rows/s%n", seconds, 100_000 / seconds);
        assertThat(queries.series(BarInterval.S1))
                .hasSize(100)
                .allSatisfy(s -> assertThat(s.rows()).isEqualTo(1000));
    }

    private List<StoredBar> all(BarInterval interval, String symbol) {
        return queries.storedBars(interval, "binance", symbol, ALL_FROM, ALL_TO, 1_000_000);
    }

    private static List<Bar> series(BarInterval interval, String symbol, int n) {
        List<Bar> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(bar(interval, symbol, T0 + i * interval.millis(), 100 + i, i));
        return out;
    }

    private static Bar bar(BarInterval interval, String symbol, long tsMs, double open, long trades) {
        return new Bar(
                interval,
                "binance",
                symbol,
                tsMs,
                tsMs + 5,
                open,
                open + 2,
                open - 1,
                open + 1,
                1.5,
                trades,
                open + 0.5,
                null);
    }

    private static Bar withRecv(Bar b, long recvMs, String source) {
        return new Bar(
                b.interval(),
                b.venue(),
                b.symbol(),
                b.tsMs(),
                recvMs,
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                b.trades(),
                b.vwap(),
                source);
    }
}
