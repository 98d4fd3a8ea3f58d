package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Gap;
import dev.ticktape.model.Summary;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.GapSinkContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The gap ledger and coverage contract against a DuckDB file. */
class DuckDbGapSinkContractIT extends GapSinkContract {
    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @Override
    protected EventSink<Gap> openGapSink(Clock clock) throws SQLException {
        if (db == null) db = DuckDbDatabase.open(dir.resolve("gaps.duckdb"));
        return new DuckDbGapSink(db.openWriter(), clock);
    }

    @Override
    protected BarSink openBarSink(Clock clock) throws SQLException {
        return new DuckDbBarSink(db.openWriter(), clock);
    }

    @Override
    protected EventSink<Summary> openSummarySink(Clock clock) throws SQLException {
        return new DuckDbSummarySink(db.openWriter(), clock);
    }

    @Override
    protected GapQueries gapQueries() {
        return new DuckDbGapQueries(db);
    }

    @Override
    protected BarQueries barQueries() {
        return new DuckDbBarQueries(db);
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
    protected void closeDatabase() throws SQLException {
        db.close();
        db = null;
    }
}
