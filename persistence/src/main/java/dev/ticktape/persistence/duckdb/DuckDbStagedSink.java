package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.MarketEvent;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.SinkWriteException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An {@link EventSink} that writes one table (and any {@link #alongside} it, in the same transaction) through a
 * {@link DuckDbStagedUpsert} on its own connection ({@link DuckDbDatabase#openWriter()}), so it runs on its own
 * worker thread next to the other sinks; {@link #close()} closes that connection. The write time (one value per
 * batch, taken just before the write) is passed to every appended row.
 *
 * @param <T> the event type stored
 * @param <R> one stored row (the event itself, or a part of it when an event becomes several rows)
 */
abstract class DuckDbStagedSink<T extends MarketEvent, R> implements EventSink<T> {
    private final DuckDBConnection connection;
    private final Clock clock;
    private final DuckDbStagedUpsert upsert;
    private final String what;

    /**
     * Takes ownership of {@code connection}; {@code clock} stamps the write time; {@code what} names the events in a
     * failure, e.g. {@code Greeks snapshots}.
     */
    DuckDbStagedSink(DuckDBConnection connection, Clock clock, DuckDbStagedUpsert upsert, String what) {
        this.connection = connection;
        this.clock = clock;
        this.upsert = upsert;
        this.what = what;
    }

    /** The rows the batch is stored as, in batch order. */
    abstract List<R> rows(List<T> batch);

    /** Appends the columns of one row, in the upsert's column order. */
    abstract void append(DuckDBAppender a, R row, long writeMicros) throws SQLException;

    /**
     * Writes the batch into further tables, after its rows and in the same transaction (with
     * {@link DuckDbStagedUpsert#move} on this sink's connection); nothing by default.
     */
    void alongside(List<T> batch, long writeMicros) throws SQLException {}

    @Override
    public final void write(List<T> batch) {
        long writeMicros = DuckDbBarSink.micros(clock.instant());
        try {
            upsert.upsert(rows(batch), (a, row) -> append(a, row, writeMicros), () -> alongside(batch, writeMicros));
        } catch (SQLException e) {
            throw new SinkWriteException(
                    "DuckDB write of " + batch.size() + " " + what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public final void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the database is closing anyway; nothing was pending on this connection between writes
        }
    }
}
