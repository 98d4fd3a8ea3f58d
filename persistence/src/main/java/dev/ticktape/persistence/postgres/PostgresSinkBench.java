package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Throughput and commit latency of {@link PostgresBarSink}, with two same-run references over the same rows and
 * batch size: a plain COPY into an unindexed table (the baseline: the fastest any loader gets, but neither
 * idempotent nor an upsert) and COPY into a staging table followed by {@code INSERT ... ON CONFLICT} (the
 * alternative idempotent path). Writes under a venue of its own and deletes its rows afterwards.
 */
public final class PostgresSinkBench {
    private static final int SYMBOLS = 50;
    /** Named, so the COPY text does not depend on the column order of upgraded tables. */
    private static final String COPY_COLUMNS = "venue, symbol, \"timestamp\", open, high, low, close, volume, vwap, "
            + "trades, source_file, ingested_at, revision";

    /** Rows per second of each path, and the sink's batch commit latency. */
    public record Result(
            int rows,
            int batchSize,
            double sinkRowsPerSec,
            double p50Millis,
            double p99Millis,
            double baselineRowsPerSec,
            double copyStagingRowsPerSec) {
        /** Sink throughput as a fraction of the plain COPY baseline. */
        public double ratio() {
            return sinkRowsPerSec / baselineRowsPerSec;
        }
    }

    private PostgresSinkBench() {}

    public static Result run(PostgresConfig cfg, int rows, int batchSize, PrintStream out) {
        if (rows < batchSize || batchSize < 1) throw new IllegalArgumentException("need rows >= batchSize >= 1");
        String venue = "bench" + Long.toString(System.nanoTime(), 36);
        List<Bar> bars = bars(venue, rows);
        try (PostgresDatabase db = PostgresDatabase.open(cfg, new SimpleMeterRegistry())) {
            try {
                PostgresBarSink sink = new PostgresBarSink(db);
                sink.write(bars.subList(0, batchSize)); // warm-up: connection, partition cache, plan
                long[] latencies = new long[rows / batchSize];
                long start = System.nanoTime();
                for (int b = 0; b < latencies.length; b++) {
                    long t = System.nanoTime();
                    sink.write(bars.subList(b * batchSize, (b + 1) * batchSize));
                    latencies[b] = System.nanoTime() - t;
                }
                double sinkRate = rate(latencies.length * batchSize, System.nanoTime() - start);
                Arrays.sort(latencies);
                double baseline = copyBaseline(db, bars, batchSize);
                double staging = copyStaging(db, bars, batchSize);
                Result r = new Result(
                        latencies.length * batchSize,
                        batchSize,
                        sinkRate,
                        percentile(latencies, 0.50),
                        percentile(latencies, 0.99),
                        baseline,
                        staging);
                out.printf(
                        Locale.ROOT,
                        "postgres sink (UNNEST upsert): %,d rows in batches of %,d: %,.0f rows/s, "
                                + "commit p50 %.1f ms, p99 %.1f ms%n",
                        r.rows(),
                        batchSize,
                        sinkRate,
                        r.p50Millis(),
                        r.p99Millis());
                out.printf(
                        Locale.ROOT,
                        "baseline (plain COPY, unindexed table): %,.0f rows/s; sink/baseline = %.0f%%%n",
                        baseline,
                        100 * r.ratio());
                out.printf(Locale.ROOT, "alternative (COPY to staging + INSERT ON CONFLICT): %,.0f rows/s%n", staging);
                return r;
            } finally {
                cleanUp(db, venue);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("bench failed: " + e.getMessage(), e);
        }
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

    private static double copyBaseline(PostgresDatabase db, List<Bar> bars, int batchSize) throws SQLException {
        String table = "bench_copy_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = db.jdbc().open();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (LIKE ohlc_1s)"); // no indexes, no key
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long start = System.nanoTime();
                for (int b = 0; b + batchSize <= bars.size(); b += batchSize) {
                    copyIn(copy, table, bars.subList(b, b + batchSize));
                }
                return rate(bars.size() / batchSize * batchSize, System.nanoTime() - start);
            } finally {
                s.execute("DROP TABLE " + table);
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
                copyIn(copy, "bench_stage", bars.subList(b, b + batchSize));
                s.executeUpdate("INSERT INTO ohlc_1s SELECT DISTINCT ON (venue, symbol, \"timestamp\") * "
                        + "FROM bench_stage ON CONFLICT (venue, symbol, \"timestamp\") DO UPDATE SET "
                        + "open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, "
                        + "volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trades = EXCLUDED.trades, "
                        + "source_file = EXCLUDED.source_file, ingested_at = EXCLUDED.ingested_at, "
                        + "revision = EXCLUDED.revision WHERE EXCLUDED.revision >= ohlc_1s.revision");
                c.commit();
            }
            return rate(bars.size() / batchSize * batchSize, System.nanoTime() - start);
        }
    }

    private static void copyIn(CopyManager copy, String table, List<Bar> bars) throws SQLException {
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
                    .append("bench")
                    .append('\t')
                    .append(now)
                    .append('\t')
                    .append(b.revision())
                    .append('\n');
        }
        try {
            copy.copyIn("COPY " + table + " (" + COPY_COLUMNS + ") FROM STDIN", new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed", e);
        }
    }

    private static void cleanUp(PostgresDatabase db, String venue) throws SQLException {
        try (Connection c = db.jdbc().open();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM ohlc_1s WHERE venue = '" + venue + "'");
        }
    }

    private static double rate(long rows, long nanos) {
        return rows / (nanos / 1e9);
    }

    private static double percentile(long[] sortedNanos, double q) {
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }
}
