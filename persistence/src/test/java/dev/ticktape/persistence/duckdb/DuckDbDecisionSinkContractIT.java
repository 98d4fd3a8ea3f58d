package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Decision;
import dev.ticktape.persistence.DecisionQueries;
import dev.ticktape.persistence.DecisionSinkContract;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.retention.DuckDbRetention;
import dev.ticktape.persistence.retention.RetentionTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The decision contract against a DuckDB file. */
class DuckDbDecisionSinkContractIT extends DecisionSinkContract {
    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @Override
    protected EventSink<Decision> openDecisionSink(Clock clock) throws SQLException {
        db = DuckDbDatabase.open(dir.resolve("decisions.duckdb"));
        return new DuckDbDecisionSink(db.openWriter(), clock);
    }

    @Override
    protected DecisionQueries decisionQueries() {
        return new DuckDbDecisionQueries(db);
    }

    @Override
    protected RetentionTarget retention() {
        return new DuckDbRetention(db);
    }

    @Override
    protected Connection connection() throws SQLException {
        return db.openReader();
    }

    @Override
    protected String epochMs(String timeExpression) {
        return "epoch_ms(" + timeExpression + ")";
    }

    /** DuckDB cannot add a constraint to a table: the empty table is made again with one. */
    @Override
    protected void refuseStateRowsOf(String symbol) throws SQLException {
        try (Connection c = db.openReader();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE stream_state");
            s.execute("CREATE TABLE stream_state (\"timestamp\" TIMESTAMP NOT NULL, venue VARCHAR NOT NULL, "
                    + "symbol VARCHAR NOT NULL CHECK (symbol <> '" + symbol + "'), close DOUBLE NOT NULL, "
                    + "state INTEGER NOT NULL, gate_open BOOLEAN NOT NULL, posture VARCHAR NOT NULL, "
                    + "source_file VARCHAR NOT NULL, run_id VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (run_id, venue, symbol, \"timestamp\"))");
        }
    }

    @Override
    protected void closeDatabase() throws SQLException {
        db.close();
        db = null;
    }
}
