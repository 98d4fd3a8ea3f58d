package dev.ticktape.persistence.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.duckdb.DuckDbBarSink;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.postgres.PostgresBarSink;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import dev.ticktape.persistence.postgres.PostgresFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 40 synthetic days in each store, then the default policy (1s 7 days, 1m 30 days): the dry run changes nothing,
 * the run removes exactly the days before the first kept one, and {@code ohlc_5m} holds the roll-up of the 1m
 * bars that left.
 */
class RetentionIT {
    private static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
    private static final LocalDate FIRST_DAY = LocalDate.parse("2024-05-02"); // 40 days up to NOW's day
    private static final int DAYS = 40;
    private static final int S1_PER_DAY = 2;
    private static final int M1_PER_DAY = 10;

    @TempDir
    Path dir;

    @Test
    void duckDbDeletesExpiredRowsAndRollsUpMinuteBars() throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("retention.duckdb"))) {
            write(new DuckDbBarSink(db));
            try (Connection c = db.openReader()) {
                check(new DuckDbRetention(db), c, "epoch_ms(\"timestamp\")", "CAST(\"timestamp\" AS DATE)");
            }
        }
    }

    @Test
    void postgresDropsExpiredPartitionsAndRollsUpMinuteBars() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry())) {
            write(new PostgresBarSink(db));
            try (Connection c = pg.jdbc(url)) {
                check(
                        new PostgresRetention(db),
                        c,
                        "(extract(epoch FROM \"timestamp\") * 1000)::bigint",
                        "(\"timestamp\" AT TIME ZONE 'UTC')::date");
            }
            assertThat(db.partitions().days("ohlc_1s")).first().isEqualTo(LocalDate.parse("2024-06-03"));
            assertThat(db.partitions().days("ohlc_1m")).first().isEqualTo(LocalDate.parse("2024-05-11"));
            assertThat(db.partitions().days("ohlc_1m")).contains(LocalDate.parse("2024-06-10"));
        } finally {
            pg.dropDatabase(url);
        }
    }

    @Test
    void duckDbKeepsReplayedRowsUnlessIncluded() throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("replays.duckdb"))) {
            new DuckDbBarSink(db).write(mixed());
            try (Connection c = db.openReader()) {
                checkMixed(new DuckDbRetention(db), c);
            }
        }
    }

    @Test
    void postgresKeepsPartitionsWithReplayedRowsUnlessIncluded() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry())) {
            new PostgresBarSink(db).write(mixed());
            try (Connection c = pg.jdbc(url)) {
                RetentionTarget target = new PostgresRetention(db);
                RetentionReport first = target.apply(NOW, RetentionPolicy.defaults());
                assertThat(first.items())
                        .as("a partition holding replayed rows is not dropped")
                        .noneMatch(i -> i.what().startsWith("partition ohlc_1s_p20240502"));
                assertThat(db.partitions().days("ohlc_1s")).contains(OLD, PAST_1S);
                assertThat(db.partitions().days("ohlc_1m")).contains(OLD);
                check(first, c);
                RetentionReport all =
                        target.apply(NOW, RetentionPolicy.defaults().withIncludeReplays(true));
                assertThat(all.items()).anyMatch(i -> i.what().equals("partition ohlc_1s_p20240502"));
                assertThat(db.partitions().days("ohlc_1s")).doesNotContain(OLD, PAST_1S);
                assertThat(db.partitions().days("ohlc_1m")).doesNotContain(OLD);
                checkIncluded(all, c);
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    private static final LocalDate OLD = LocalDate.parse("2024-05-02"); // past both bar tiers
    private static final LocalDate PAST_1S = LocalDate.parse("2024-06-01"); // past 7 days only
    private static final LocalDate RECENT = LocalDate.parse("2024-06-10");
    private static final String REPLAY = "file:history.ndjson";

    /**
     * On each of three days, 1s and 1m bars of a live instrument (source null: stored as {@code live:BTCUSDT}) and
     * of a replayed one ({@code file:history.ndjson}), 3 of each per day and interval.
     */
    private static List<Bar> mixed() {
        List<Bar> bars = new ArrayList<>();
        for (LocalDate day : List.of(OLD, PAST_1S, RECENT)) {
            long midnight = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000L;
            for (int i = 0; i < 3; i++) {
                for (BarInterval iv : List.of(BarInterval.S1, BarInterval.M1)) {
                    long ts = midnight + i * iv.millis();
                    bars.add(bar(iv, ts, i));
                    Bar r = bar(iv, ts, i + 1);
                    bars.add(new Bar(
                            iv,
                            "ndjson",
                            "ETHUSDT",
                            ts,
                            ts,
                            r.open(),
                            r.high(),
                            r.low(),
                            r.close(),
                            r.volume(),
                            r.trades(),
                            r.vwap(),
                            REPLAY));
                }
            }
        }
        return bars;
    }

    private static void checkMixed(RetentionTarget target, Connection c) throws SQLException {
        RetentionReport plan = target.plan(NOW, RetentionPolicy.defaults());
        assertThat(plan.rows("ohlc_1s")).isEqualTo(6);
        assertThat(plan.keptRows("ohlc_1s")).isEqualTo(6);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        plan.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("kept (replayed");
        check(target.apply(NOW, RetentionPolicy.defaults()), c);
        checkIncluded(target.apply(NOW, RetentionPolicy.defaults().withIncludeReplays(true)), c);
    }

    /** After the default policy: old live rows gone (1m rolled up), every replayed row still there. */
    private static void check(RetentionReport applied, Connection c) throws SQLException {
        assertThat(applied.rows("ohlc_1s")).isEqualTo(6);
        assertThat(applied.rows("ohlc_1m")).isEqualTo(3);
        assertThat(applied.keptRows("ohlc_1s")).isEqualTo(6);
        assertThat(applied.keptRows("ohlc_1m")).isEqualTo(3);
        assertThat(count(c, "SELECT count(*) FROM ohlc_1s WHERE source_file = '" + REPLAY + "'"))
                .as("replayed 1s rows survive")
                .isEqualTo(9);
        assertThat(count(c, "SELECT count(*) FROM ohlc_1s WHERE source_file = 'live:BTCUSDT'"))
                .as("only the recent live 1s rows are left")
                .isEqualTo(3);
        assertThat(count(c, "SELECT count(*) FROM ohlc_1m WHERE source_file = '" + REPLAY + "'"))
                .isEqualTo(9);
        assertThat(count(c, "SELECT count(*) FROM ohlc_1m WHERE source_file = 'live:BTCUSDT'"))
                .isEqualTo(6);
        assertThat(count(c, "SELECT count(*) FROM ohlc_5m WHERE symbol = 'BTCUSDT'"))
                .as("the old live minutes rolled up into one 5m bar")
                .isEqualTo(1);
        assertThat(count(c, "SELECT count(*) FROM ohlc_5m WHERE symbol = 'ETHUSDT'"))
                .isZero();
    }

    /** After the same tiers with replays included: the replayed rows past a tier went too. */
    private static void checkIncluded(RetentionReport applied, Connection c) throws SQLException {
        assertThat(applied.rows("ohlc_1s")).isEqualTo(6);
        assertThat(applied.rows("ohlc_1m")).isEqualTo(3);
        assertThat(applied.keptRows()).isZero();
        assertThat(count(c, "SELECT count(*) FROM ohlc_1s WHERE source_file = '" + REPLAY + "'"))
                .isEqualTo(3);
        assertThat(count(c, "SELECT count(*) FROM ohlc_1m WHERE source_file = '" + REPLAY + "'"))
                .isEqualTo(6);
        assertThat(count(c, "SELECT count(*) FROM ohlc_5m WHERE symbol = 'ETHUSDT'"))
                .isEqualTo(1);
    }

    private static void check(RetentionTarget target, Connection c, String epochMs, String day) throws SQLException {
        RetentionReport plan = target.plan(NOW, RetentionPolicy.defaults());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        plan.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(plan.rows("ohlc_1s")).isEqualTo(32L * S1_PER_DAY);
        assertThat(plan.rows("ohlc_1m")).isEqualTo(9L * M1_PER_DAY);
        assertThat(plan.rows("ohlc_5m")).isEqualTo(9L * 2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("ohlc_1s").contains("ohlc_5m");
        assertThat(count(c, "SELECT count(*) FROM ohlc_1s"))
                .as("dry run changes nothing")
                .isEqualTo(DAYS * S1_PER_DAY);
        assertThat(count(c, "SELECT count(*) FROM ohlc_5m")).isZero();

        RetentionReport applied = target.apply(NOW, RetentionPolicy.defaults());

        assertThat(applied.rows("ohlc_1s")).isEqualTo(plan.rows("ohlc_1s"));
        assertThat(applied.rows("ohlc_1m")).isEqualTo(plan.rows("ohlc_1m"));
        assertThat(count(c, "SELECT count(*) FROM ohlc_1s")).isEqualTo(8L * S1_PER_DAY);
        assertThat(count(c, "SELECT min(" + day + ") - DATE '2024-06-03' FROM ohlc_1s"))
                .isZero();
        assertThat(count(c, "SELECT count(*) FROM ohlc_1m")).isEqualTo(31L * M1_PER_DAY);
        assertThat(count(c, "SELECT min(" + day + ") - DATE '2024-05-11' FROM ohlc_1m"))
                .isZero();
        assertThat(fiveMinuteBars(c, epochMs)).isEqualTo(expectedRollup());
        assertThat(target.apply(NOW, RetentionPolicy.defaults()).items())
                .as("nothing left to do")
                .isEmpty();
    }

    private static void write(BarSink sink) {
        List<Bar> bars = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            long midnight = FIRST_DAY.plusDays(d).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000L;
            for (int i = 0; i < S1_PER_DAY; i++) bars.add(bar(BarInterval.S1, midnight + 43_200_000L + i * 1000L, i));
            for (int i = 0; i < M1_PER_DAY; i++) bars.add(bar(BarInterval.M1, midnight + i * 60_000L, d * 100 + i));
        }
        sink.write(bars);
    }

    private static Bar bar(BarInterval interval, long ts, int i) {
        double open = 100 + (i * 7) % 13;
        return new Bar(
                interval,
                "binance",
                "BTCUSDT",
                ts,
                ts,
                open,
                open + 1 + i % 3,
                open - 1 - i % 2,
                open + 0.5,
                1.5,
                2 + i % 4,
                open,
                null);
    }

    /** 5m bars of the nine expired days, as "epochMs open high low close volume trades" lines. */
    private static List<String> expectedRollup() {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < 9; d++) {
            long midnight = FIRST_DAY.plusDays(d).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000L;
            for (int b = 0; b < 2; b++) {
                List<Bar> minute = new ArrayList<>();
                for (int i = b * 5; i < b * 5 + 5; i++)
                    minute.add(bar(BarInterval.M1, midnight + i * 60_000L, d * 100 + i));
                out.add(line(
                        midnight + b * 300_000L,
                        minute.get(0).open(),
                        minute.stream().mapToDouble(Bar::high).max().orElseThrow(),
                        minute.stream().mapToDouble(Bar::low).min().orElseThrow(),
                        minute.get(4).close(),
                        minute.stream().mapToDouble(Bar::volume).sum(),
                        minute.stream().mapToLong(Bar::trades).sum()));
            }
        }
        return out;
    }

    private static List<String> fiveMinuteBars(Connection c, String epochMs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + epochMs
                        + ", open, high, low, close, volume, trades, source_file FROM ohlc_5m ORDER BY 1")) {
            while (r.next()) {
                assertThat(r.getString(8)).isEqualTo("rollup:ohlc_1m");
                out.add(line(
                        r.getLong(1),
                        r.getDouble(2),
                        r.getDouble(3),
                        r.getDouble(4),
                        r.getDouble(5),
                        r.getDouble(6),
                        r.getLong(7)));
            }
        }
        return out;
    }

    private static String line(long ts, double o, double h, double l, double c, double v, long n) {
        return ts + " " + o + " " + h + " " + l + " " + c + " " + v + " " + n;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
