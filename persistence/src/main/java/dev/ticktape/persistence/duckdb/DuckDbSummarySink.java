package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Summary;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts summaries into {@code quotient_summaries} on {@code (venue, symbol, window_ms, end_ts)}. {@code end_ts} is
 * the summary's {@code tsMs} (the exclusive window end), {@code computed_at} its {@code recvMs} and
 * {@code ingested_at} the write time. The stored row is the highest {@code revision} written (the last one on a
 * tie), so a redelivered older summary never replaces a recomputed one.
 */
public final class DuckDbSummarySink extends DuckDbStagedSink<Summary, Summary> {

    public DuckDbSummarySink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code ingested_at}. */
    DuckDbSummarySink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.guarded(
                        connection,
                        SinkRoute.SUMMARIES_TABLE,
                        DuckDbSchema.SUMMARY_COLUMNS,
                        "venue, symbol, window_ms, end_ts",
                        "revision"),
                "summaries");
    }

    @Override
    public String name() {
        return "duckdb-summaries";
    }

    @Override
    List<Summary> rows(List<Summary> batch) {
        return batch;
    }

    @Override
    void append(DuckDBAppender a, Summary s, long ingestedMicros) throws SQLException {
        a.append(s.venue())
                .append(s.symbol())
                .append(s.windowMs())
                .appendEpochMicros(Math.multiplyExact(s.tsMs(), 1000L))
                .append(s.bars())
                .append(s.expected())
                .append(s.coverage())
                .append(s.firstClose())
                .append(s.lastClose())
                .append(s.logReturn())
                .append(s.meanClose())
                .append(s.stdevClose())
                .append(s.minClose())
                .append(s.maxClose())
                .append(s.slope())
                .append(s.slopeNorm())
                .append(s.zscore())
                .append(s.realizedVol())
                .append(s.volume())
                .append(s.vwap())
                .append(s.revision())
                .appendEpochMicros(Math.multiplyExact(s.recvMs(), 1000L))
                .appendEpochMicros(ingestedMicros);
    }
}
