package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import reactor.core.publisher.Mono;

/**
 * Throughput and commit latency of {@link PostgresBarSink} against its baseline: plain {@code COPY} of the same rows,
 * in the same batches, into the same table ({@code ohlc_1s}: primary key, day partitions), one connection.
 *
 * <p>Runs in a scratch database it creates on the same server (so it needs {@code CREATEDB}) and drops afterwards:
 * every phase starts from an empty, freshly truncated {@code ohlc_1s}, nothing else writes to it, and the database
 * behind the URL is not touched. Phases, in order: three rounds of the baseline COPY in binary and in text (the
 * faster one is the round's baseline), the same binary COPY over the sink's R2DBC pool, and the sink over new keys
 * (the ratio is of the medians); then, after the last round, the sink replaying the same rows (every key stored:
 * its fallback upsert), the previous write path (UNNEST upsert of every row), binary COPY into a temporary staging
 * table plus one {@code INSERT ... SELECT ... ON CONFLICT}, and, for reference only, COPY into an unindexed,
 * unpartitioned table.
 */
public final class PostgresSinkBench {
    private static final int SYMBOLS = 50;
    /** Baseline-then-sink rounds; the ratio is of their medians. */
    private static final int ROUNDS = 3;

    private static final Pattern URL = Pattern.compile("^(r2dbc:postgresql://[^/?]+)(/[^?]*)?(\\?.*)?$");

    /** Rows per second of each path, and the sink's batch commit latency. */
    public record Result(
            int rows,
            int batchSize,
            double sinkRowsPerSec,
            double p50Millis,
            double p99Millis,
            double baselineRowsPerSec,
            double replayRowsPerSec,
            double unnestRowsPerSec,
            double copyStagingRowsPerSec,
            double unindexedRowsPerSec) {
        /** Sink throughput as a fraction of the baseline: the faster plain COPY into the same table. */
        public double ratio() {
            return sinkRowsPerSec / baselineRowsPerSec;
        }
    }

    /** Rows per second of a timed phase and its per-batch latencies (sorted, nanoseconds). */
    private record Timed(double rowsPerSec, long[] sortedNanos) {
        double p50() {
            return percentile(sortedNanos, 0.50);
        }

        double p99() {
            return percentile(sortedNanos, 0.99);
        }
    }

    private PostgresSinkBench() {}

    public static Result run(PostgresConfig cfg, int rows, int batchSize, PrintStream out) {
        if (rows < batchSize || batchSize < 1) throw new IllegalArgumentException("need rows >= batchSize >= 1");
        String scratch = "ticktape_bench_" + Long.toString(System.nanoTime(), 36);
        JdbcConnections admin = new JdbcConnections(cfg);
        admin(admin, "CREATE DATABASE " + scratch);
        try {
            try (PostgresDatabase db = PostgresDatabase.open(
                    new PostgresConfig(
                            withDatabase(cfg.r2dbcUrl(), scratch),
                            cfg.poolSize(),
                            cfg.statementTimeout(),
                            cfg.lockTimeout(),
                            cfg.partitionsAhead()),
                    new SimpleMeterRegistry())) {
                return phases(db, rows / batchSize * batchSize, batchSize, out);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bench failed: " + e.getMessage(), e);
        } finally {
            admin(admin, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        }
    }

    private static Result phases(PostgresDatabase db, int rows, int batchSize, PrintStream out) throws SQLException {
        List<Bar> bars = bars("bench", rows);
        PostgresBarSink warmSink = new PostgresBarSink(db);
        List<Bar> warm = bars("warmup", batchSize);
        warmSink.write(warm); // connection, partition cache, COPY path
        warmSink.write(warm); // the fallback
        warmSink.upsertOnly(warm);

        // Baseline and sink alternate, ROUNDS times: on this shared machine one noisy second can halve a phase.
        double[] baselines = new double[ROUNDS];
        double[] sinks = new double[ROUNDS];
        double copyBinary = 0;
        double copyText = 0;
        double copyR2dbc = 0;
        Timed fresh = null;
        PostgresBarSink sink = null;
        for (int round = 0; round < ROUNDS; round++) {
            truncate(db);
            copyBinary = copySameTable(db, bars, batchSize, true);
            truncate(db);
            copyText = copySameTable(db, bars, batchSize, false);
            truncate(db);
            copyR2dbc = copyOverPool(db, bars, batchSize);
            truncate(db);
            sink = new PostgresBarSink(db); // no COPY backoff carried over
            fresh = timed(bars, batchSize, sink::write);
            baselines[round] = Math.max(copyBinary, copyText);
            sinks[round] = fresh.rowsPerSec();
            out.printf(
                    Locale.ROOT,
                    "round %d: COPY into ohlc_1s binary %,.0f, text %,.0f, binary over the R2DBC pool %,.0f; "
                            + "sink %,.0f rows/s (p50 %.1f ms, p99 %.1f ms); sink/baseline %.0f%%%n",
                    round + 1,
                    copyBinary,
                    copyText,
                    copyR2dbc,
                    fresh.rowsPerSec(),
                    fresh.p50(),
                    fresh.p99(),
                    100 * sinks[round] / baselines[round]);
        }
        double baseline = median(baselines);
        Timed replay = timed(bars, batchSize, sink::write);
        truncate(db);
        Timed unnest = timed(bars, batchSize, sink::upsertOnly);
        truncate(db);
        double staging = copyStaging(db, bars, batchSize);
        double unindexed = copyUnindexed(db, bars, batchSize);
        truncate(db);

        Result r = new Result(
                rows,
                batchSize,
                median(sinks),
                fresh.p50(),
                fresh.p99(),
                baseline,
                replay.rowsPerSec(),
                unnest.rowsPerSec(),
                staging,
                unindexed);
        out.printf(
                Locale.ROOT,
                "%,d rows in batches of %,d, one connection, each phase on an empty ohlc_1s of a scratch database%n",
                rows,
                batchSize);
        out.printf(
                Locale.ROOT,
                "baseline (plain COPY into ohlc_1s: same table, primary key, day partitions, new keys; the faster of "
                        + "binary and text), median of %d rounds: %,.0f rows/s%n",
                ROUNDS,
                baseline);
        out.printf(
                Locale.ROOT,
                "postgres sink (COPY of new bars, upsert of revisions), median of %d rounds: %,.0f rows/s, last round "
                        + "commit p50 %.1f ms, p99 %.1f ms; sink/baseline = %.0f%%%n",
                ROUNDS,
                r.sinkRowsPerSec(),
                r.p50Millis(),
                r.p99Millis(),
                100 * r.ratio());
        out.printf(
                Locale.ROOT,
                "postgres sink replaying the same rows (every key stored: COPY refused, batch upserted): "
                        + "%,.0f rows/s, commit p50 %.1f ms, p99 %.1f ms%n",
                replay.rowsPerSec(),
                replay.p50(),
                replay.p99());
        out.printf(
                Locale.ROOT,
                "previous path (UNNEST upsert of every row): %,.0f rows/s, commit p50 %.1f ms, p99 %.1f ms; "
                        + "of baseline %.0f%%%n",
                unnest.rowsPerSec(),
                unnest.p50(),
                unnest.p99(),
                100 * unnest.rowsPerSec() / baseline);
        out.printf(
                Locale.ROOT,
                "alternative (binary COPY to a temp staging table + INSERT ON CONFLICT): %,.0f rows/s; "
                        + "of baseline %.0f%%%n",
                staging,
                100 * staging / baseline);
        out.printf(
                Locale.ROOT,
                "reference (plain COPY into an unindexed, unpartitioned table; not the baseline): %,.0f rows/s%n",
                unindexed);
        return r;
    }

    /** The URL of another database on the same server. */
    static String withDatabase(String r2dbcUrl, String database) {
        Matcher m = URL.matcher(r2dbcUrl);
        if (!m.matches()) throw new IllegalArgumentException("unexpected PostgreSQL URL " + r2dbcUrl);
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static List<Bar> bars(String venue, int rows) {
        long midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1000L;
        List<Bar> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double open = 100 + (i % 97) * 0.01;
            out.add(new Bar(
                    BarInterval.S1,
                    venue,
                    "SYM" + (i % SYMBOLS),
                    midnight + (i / SYMBOLS) * 1000L,
                    midnight,
                    open,
                    open + 0.5,
                    open - 0.5,
                    open + 0.1,
                    10 + i % 7,
                    5 + i % 11,
                    open + 0.05,
                    null));
        }
        return out;
    }

    private static Timed timed(List<Bar> bars, int batchSize, Consumer<List<Bar>> write) {
        long[] latencies = new long[bars.size() / batchSize];
        long start = System.nanoTime();
        for (int b = 0; b < latencies.length; b++) {
            long t = System.nanoTime();
            write.accept(bars.subList(b * batchSize, (b + 1) * batchSize));
            latencies[b] = System.nanoTime() - t;
        }
        double rate = rate(bars.size(), System.nanoTime() - start);
        Arrays.sort(latencies);
        return new Timed(rate, latencies);
    }

    /** Plain COPY into {@code ohlc_1s} itself, one auto-commit COPY per batch like the sink's one commit per batch. */
    private static double copySameTable(PostgresDatabase db, List<Bar> bars, int batchSize, boolean binary)
            throws SQLException {
        try (Connection c = db.jdbc().open()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (int b = 0; b + batchSize <= bars.size(); b += batchSize) {
                List<Bar> batch = bars.subList(b, b + batchSize);
                if (binary) copyBinary(copy, "ohlc_1s", batch);
                else copyText(copy, "ohlc_1s", batch);
            }
            return rate(bars.size(), System.nanoTime() - start);
        }
    }

    /** The baseline's binary COPY through the R2DBC pool the sink uses: what the driver and pool cost. */
    private static double copyOverPool(PostgresDatabase db, List<Bar> bars, int batchSize) {
        String target = "ohlc_1s (" + PostgresBarSink.COLUMNS + ")";
        long start = System.nanoTime();
        for (int b = 0; b + batchSize <= bars.size(); b += batchSize) {
            List<Bar> batch = bars.subList(b, b + batchSize);
            Mono.usingWhen(
                            db.pool().create(),
                            c -> BinaryCopy.copyIn(
                                    c, target, PostgresBarSink.encode(batch, OffsetDateTime.now(ZoneOffset.UTC))),
                            io.r2dbc.spi.Connection::close)
                    .block(db.blockTimeout());
        }
        return rate(bars.size(), System.nanoTime() - start);
    }

    private static double copyUnindexed(PostgresDatabase db, List<Bar> bars, int batchSize) throws SQLException {
        try (Connection c = db.jdbc().open();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_unindexed (LIKE ohlc_1s)"); // no key, no partitions
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long start = System.nanoTime();
                for (int b = 0; b + batchSize <= bars.size(); b += batchSize) {
                    copyBinary(copy, "bench_unindexed", bars.subList(b, b + batchSize));
                }
                return rate(bars.size(), System.nanoTime() - start);
            } finally {
                s.execute("DROP TABLE bench_unindexed");
            }
        }
    }

    private static double copyStaging(PostgresDatabase db, List<Bar> bars, int batchSize) throws SQLException {
        try (Connection c = db.jdbc().open();
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE bench_stage (LIKE ohlc_1s) ON COMMIT DELETE ROWS");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int b = 0; b + batchSize <= bars.size(); b += batchSize) {
                copyBinary(copy, "bench_stage", bars.subList(b, b + batchSize));
                s.executeUpdate("INSERT INTO ohlc_1s SELECT DISTINCT ON (venue, symbol, \"timestamp\") * "
                        + "FROM bench_stage ON CONFLICT (venue, symbol, \"timestamp\") DO UPDATE SET "
                        + "open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, "
                        + "volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trades = EXCLUDED.trades, "
                        + "source_file = EXCLUDED.source_file, ingested_at = EXCLUDED.ingested_at, "
                        + "revision = EXCLUDED.revision WHERE EXCLUDED.revision >= ohlc_1s.revision");
                c.commit();
            }
            return rate(bars.size(), System.nanoTime() - start);
        }
    }

    private static void copyBinary(CopyManager copy, String table, List<Bar> bars) throws SQLException {
        byte[] data = BinaryCopy.bytes(PostgresBarSink.encode(bars, OffsetDateTime.now(ZoneOffset.UTC)));
        try {
            copy.copyIn(
                    "COPY " + table + " (" + PostgresBarSink.COLUMNS + ") FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    private static void copyText(CopyManager copy, String table, List<Bar> bars) throws SQLException {
        StringBuilder text = new StringBuilder(bars.size() * 120);
        String now = Instant.now().toString();
        for (Bar b : bars) {
            text.append(b.venue())
                    .append('\t')
                    .append(b.symbol())
                    .append('\t')
                    .append(Instant.ofEpochMilli(b.tsMs()))
                    .append('\t')
                    .append(b.open())
                    .append('\t')
                    .append(b.high())
                    .append('\t')
                    .append(b.low())
                    .append('\t')
                    .append(b.close())
                    .append('\t')
                    .append(b.volume())
                    .append('\t')
                    .append(b.vwap() == null ? "\\N" : b.vwap().toString())
                    .append('\t')
                    .append(b.trades())
                    .append('\t')
                    .append("live:")
                    .append(b.symbol())
                    .append('\t')
                    .append(b.revision())
                    .append('\t')
                    .append(now)
                    .append('\n');
        }
        try {
            copy.copyIn(
                    "COPY " + table + " (" + PostgresBarSink.COLUMNS + ") FROM STDIN",
                    new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    private static void truncate(PostgresDatabase db) throws SQLException {
        try (Connection c = db.jdbc().open();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE ohlc_1s");
        }
    }

    private static void admin(JdbcConnections admin, String sql) {
        try (Connection c = admin.open();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "bench: " + sql + " failed (the bench makes a scratch database: it needs CREATEDB): "
                            + e.getMessage(),
                    e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double rate(long rows, long nanos) {
        return rows / (nanos / 1e9);
    }

    private static double percentile(long[] sortedNanos, double q) {
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }
}
