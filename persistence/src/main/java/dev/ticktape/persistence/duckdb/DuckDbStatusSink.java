package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Status;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts status records into {@code feed_status} on {@code (venue, connection, ts)}: {@code connection} is the
 * record's symbol (the adapter connection, or {@code GATEWAY}), {@code state} its state in lower case
 * ({@code connected}, {@code degraded}, {@code disconnected}) and {@code ingested_at} the write time. The counters
 * are not stored. A repeated key keeps the last record.
 */
public final class DuckDbStatusSink extends DuckDbStagedSink<Status, Status> {
    private static final String COLUMNS = "venue, connection, ts, state, detail, ingested_at";

    public DuckDbStatusSink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code ingested_at}. */
    DuckDbStatusSink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.lastWins(connection, SinkRoute.STATUS_TABLE, COLUMNS, "venue, connection, ts"),
                "status records");
    }

    @Override
    public String name() {
        return "duckdb-status";
    }

    @Override
    List<Status> rows(List<Status> batch) {
        return batch;
    }

    @Override
    void append(DuckDBAppender a, Status s, long ingestedMicros) throws SQLException {
        a.append(s.venue())
                .append(s.symbol())
                .appendEpochMicros(Math.multiplyExact(s.tsMs(), 1000L))
                .append(s.state().name().toLowerCase(Locale.ROOT))
                .append(s.detail())
                .appendEpochMicros(ingestedMicros);
    }
}
