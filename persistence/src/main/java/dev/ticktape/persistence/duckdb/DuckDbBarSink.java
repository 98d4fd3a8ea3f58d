package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.SinkWriteException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts bars into {@code ohlc_1s} / {@code ohlc_1m}. The Appender is the only fast bulk path into DuckDB but it
 * cannot upsert, so each batch is appended to a per-connection TEMP staging table and moved with one
 * {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE} per interval table. Staging and target change in one
 * transaction, so a failed write leaves neither.
 *
 * <p>The stored row is always the highest revision seen: within a batch a repeated key keeps its highest revision
 * (the last one on a tie), and a stored row is replaced only by a revision at least as high, so a redelivered
 * older revision never overwrites a newer one while a replay of the same revision still rewrites the row.
 *
 * <p>{@code ingested_at} is the write time, one value per batch, taken just before the rows are appended.
 * {@code source_file} is the bar's source, or {@code live:SYMBOL} when it has none.
 */
public final class DuckDbBarSink implements BarSink {
    private static final String COLUMNS =
            "venue, symbol, \"timestamp\", open, high, low, close, volume, vwap, trades, source_file, ingested_at, "
                    + "revision";
    private static final String UPDATES = "open = excluded.open, high = excluded.high, low = excluded.low, "
            + "close = excluded.close, volume = excluded.volume, vwap = excluded.vwap, trades = excluded.trades, "
            + "source_file = excluded.source_file, ingested_at = excluded.ingested_at, revision = excluded.revision";

    private final DuckDBConnection connection;
    private final Clock clock;

    /** Uses the database's writer connection; call from one thread only. */
    public DuckDbBarSink(DuckDbDatabase database) {
        this(database.writer(), Clock.systemUTC());
    }

    DuckDbBarSink(DuckDBConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
        try (Statement s = connection.createStatement()) {
            for (BarInterval interval : BarInterval.values()) {
                // seq orders rows within the batch so the last one of a repeated key wins a revision tie.
                s.execute("CREATE TEMP TABLE IF NOT EXISTS " + staging(interval) + " AS SELECT 0::BIGINT AS seq, "
                        + COLUMNS + " FROM " + interval.table() + " LIMIT 0");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create DuckDB staging tables: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public void write(List<Bar> batch) {
        if (batch.isEmpty()) return;
        Map<BarInterval, List<Bar>> byInterval = new EnumMap<>(BarInterval.class);
        for (Bar b : batch)
            byInterval.computeIfAbsent(b.interval(), i -> new ArrayList<>()).add(b);
        try {
            // Auto-commit stays on between writes so this connection holds no snapshot while idle.
            connection.setAutoCommit(false);
            try {
                for (Map.Entry<BarInterval, List<Bar>> e : byInterval.entrySet()) {
                    upsert(e.getKey(), e.getValue());
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SinkWriteException("DuckDB write of " + batch.size() + " bars failed: " + e.getMessage(), e);
        }
    }

    private void upsert(BarInterval interval, List<Bar> bars) throws SQLException {
        String staging = staging(interval);
        try (Statement s = connection.createStatement()) {
            // The first statement opens the transaction, so the appended rows below belong to it.
            s.execute("DELETE FROM " + staging);
            long ingestedMicros = micros(clock.instant());
            try (DuckDBAppender a = connection.createAppender("temp", "main", staging)) {
                long seq = 0;
                for (Bar b : bars) {
                    a.beginRow()
                            .append(seq++)
                            .append(b.venue())
                            .append(b.symbol())
                            .appendEpochMicros(Math.multiplyExact(b.tsMs(), 1000L))
                            .append(b.open())
                            .append(b.high())
                            .append(b.low())
                            .append(b.close())
                            .append(b.volume())
                            .append(b.vwap())
                            .append(b.trades())
                            .append(b.source() != null ? b.source() : "live:" + b.symbol())
                            .appendEpochMicros(ingestedMicros)
                            .append(b.revision())
                            .endRow();
                }
            }
            // ON CONFLICT DO UPDATE may touch a row only once per statement, hence one row per key first.
            s.execute("INSERT INTO " + interval.table() + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + staging
                    + " QUALIFY row_number() OVER (PARTITION BY venue, symbol, \"timestamp\" "
                    + "ORDER BY revision DESC, seq DESC) = 1"
                    + " ON CONFLICT (venue, symbol, \"timestamp\") DO UPDATE SET " + UPDATES
                    + " WHERE excluded.revision >= " + interval.table() + ".revision");
            s.execute("DELETE FROM " + staging);
        }
    }

    /** Closes nothing: the connection belongs to {@link DuckDbDatabase}; staging tables vanish with it. */
    @Override
    public void close() {}

    private static String staging(BarInterval interval) {
        return "staging_" + interval.table();
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
    }
}
