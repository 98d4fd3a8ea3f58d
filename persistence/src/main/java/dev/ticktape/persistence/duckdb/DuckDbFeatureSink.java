package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.FeatureSet;
import dev.ticktape.persistence.FeatureRow;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts feature sets into {@code intraday_features}, one row per entry of a set's values, on
 * {@code (venue, symbol, bar_interval, "timestamp", feature_name, version)}. {@code bar_interval} is the interval
 * label ({@code 1s}, {@code 1m}), {@code "timestamp"} the bar start, {@code session_date} the set's session,
 * {@code computed_at} its {@code recvMs} and {@code ingested_at} the write time. A stored row is replaced only by
 * a {@code bar_revision} at least as high (the last one on a tie), as bars are by their revision.
 */
public final class DuckDbFeatureSink extends DuckDbStagedSink<FeatureSet, FeatureRow> {
    private static final String COLUMNS = "venue, symbol, bar_interval, \"timestamp\", feature_name, value, version, "
            + "session_date, bar_revision, computed_at, ingested_at";

    public DuckDbFeatureSink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code ingested_at}. */
    DuckDbFeatureSink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.guarded(
                        connection,
                        SinkRoute.FEATURES_TABLE,
                        COLUMNS,
                        "venue, symbol, bar_interval, \"timestamp\", feature_name, version",
                        "bar_revision"),
                "feature sets");
    }

    @Override
    public String name() {
        return "duckdb-features";
    }

    @Override
    List<FeatureRow> rows(List<FeatureSet> batch) {
        return FeatureRow.of(batch);
    }

    @Override
    void append(DuckDBAppender a, FeatureRow row, long ingestedMicros) throws SQLException {
        FeatureSet f = row.set();
        a.append(f.venue())
                .append(f.symbol())
                .append(f.interval().label())
                .appendEpochMicros(Math.multiplyExact(f.tsMs(), 1000L))
                .append(row.name())
                .append(row.value())
                .append(f.version())
                .append(LocalDate.parse(f.session()))
                .append(f.barRevision())
                .appendEpochMicros(Math.multiplyExact(f.recvMs(), 1000L))
                .appendEpochMicros(ingestedMicros);
    }
}
