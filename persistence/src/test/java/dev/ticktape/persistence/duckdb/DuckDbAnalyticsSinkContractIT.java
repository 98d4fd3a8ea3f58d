package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.persistence.AnalyticsSinkContract;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.FeatureQueries;
import dev.ticktape.persistence.SummaryQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The summary, feature and status contract against a DuckDB file. */
class DuckDbAnalyticsSinkContractIT extends AnalyticsSinkContract {
    private static final Map<String, String> TIME_COLUMNS =
            Map.of("quotient_summaries", "end_ts", "intraday_features", "\"timestamp\"", "feed_status", "ts");

    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @Override
    protected EventSink<Summary> openSummarySink(Clock clock) throws SQLException {
        if (db == null) db = DuckDbDatabase.open(dir.resolve("analytics.duckdb"));
        return new DuckDbSummarySink(db.openWriter(), clock);
    }

    @Override
    protected EventSink<FeatureSet> openFeatureSink(Clock clock) throws SQLException {
        return new DuckDbFeatureSink(db.openWriter(), clock);
    }

    @Override
    protected EventSink<Status> openStatusSink(Clock clock) throws SQLException {
        return new DuckDbStatusSink(db.openWriter(), clock);
    }

    @Override
    protected SummaryQueries summaryQueries() {
        return new DuckDbSummaryQueries(db);
    }

    @Override
    protected FeatureQueries featureQueries() {
        return new DuckDbFeatureQueries(db);
    }

    @Override
    protected Connection connection() throws SQLException {
        return db.openReader();
    }

    @Override
    protected String epochMs(String timeExpression) {
        return "epoch_ms(" + timeExpression + ")";
    }

    @Override
    protected Map<String, Long> rowsPerStorageDay(String table) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.openReader();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT CAST(CAST(" + TIME_COLUMNS.get(table)
                        + " AS DATE) AS VARCHAR), count(*) FROM " + table + " GROUP BY 1 ORDER BY 1")) {
            while (r.next()) out.put(r.getString(1), r.getLong(2));
        }
        return out;
    }

    @Override
    protected void closeDatabase() throws SQLException {
        db.close();
        db = null;
    }
}
