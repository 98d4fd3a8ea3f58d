package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.OptionsSinkContract;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The Greeks and execution sink contract against a DuckDB file. */
class DuckDbOptionsSinkContractIT extends OptionsSinkContract {
    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @Override
    protected EventSink<Greeks> openGreeksSink(Clock clock) throws SQLException {
        if (db == null) db = DuckDbDatabase.open(dir.resolve("options.duckdb"));
        return new DuckDbGreeksSink(db.openWriter(), clock);
    }

    @Override
    protected EventSink<Execution> openExecutionSink(Clock clock) throws SQLException {
        return new DuckDbExecutionSink(db.openWriter(), clock);
    }

    @Override
    protected GreeksSnapshotQueries greeksQueries() {
        return new DuckDbGreeksQueries(db);
    }

    @Override
    protected ExecutionQueries executionQueries() {
        return new DuckDbExecutionQueries(db);
    }

    @Override
    protected Map<String, Long> greeksRowsPerStorageDay() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = db.writer().createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT CAST(CAST(ts AS DATE) AS VARCHAR), count(*) FROM greek_snapshots GROUP BY 1 ORDER BY 1")) {
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
