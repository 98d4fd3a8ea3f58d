package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Gap;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts the gap ledger into {@code feed_gaps} on the gap's identity {@code (venue, connection, from_ts, cause)}:
 * {@code connection} is the record's symbol, {@code from_ts} its {@code ts_ms}, {@code to_ts} its {@code to_ms}
 * (NULL while open), {@code instruments} its list (empty: the whole connection), {@code cause} and {@code recovery}
 * in lower case, {@code received_at} its {@code recv_ms} and {@code ingested_at} the write time. A repeated identity
 * keeps the last record: that is how a gap closes and is backfilled.
 */
public final class DuckDbGapSink extends DuckDbStagedSink<Gap, Gap> {
    static final String COLUMNS = "venue, connection, from_ts, cause, to_ts, instruments, recovery, recovered, detail, "
            + "received_at, ingested_at";

    public DuckDbGapSink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code ingested_at}. */
    DuckDbGapSink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.lastWins(
                        connection, SinkRoute.GAPS_TABLE, COLUMNS, "venue, connection, from_ts, cause"),
                "gaps");
    }

    @Override
    public String name() {
        return "duckdb-gaps";
    }

    @Override
    List<Gap> rows(List<Gap> batch) {
        return batch;
    }

    @Override
    void append(DuckDBAppender a, Gap g, long ingestedMicros) throws SQLException {
        a.append(g.venue()).append(g.symbol()).appendEpochMicros(Math.multiplyExact(g.tsMs(), 1000L));
        a.append(g.cause().json());
        if (g.toMs() == null) a.appendNull();
        else a.appendEpochMicros(Math.multiplyExact(g.toMs(), 1000L));
        a.append(g.instruments())
                .append(g.recovery().json())
                .append(g.recovered())
                .append(g.detail())
                .appendEpochMicros(Math.multiplyExact(g.recvMs(), 1000L))
                .appendEpochMicros(ingestedMicros);
    }
}
