package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.BarSinkContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The sink contract against a DuckDB file. */
class DuckDbBarSinkContractIT extends BarSinkContract {
    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @Override
    protected BarSink openSink(Clock clock) throws SQLException {
        if (db == null) db = DuckDbDatabase.open(dir.resolve("contract.duckdb"));
        return new DuckDbBarSink(db.writer(), clock);
    }

    @Override
    protected BarQueries queries() {
        return new DuckDbBarQueries(db);
    }

    @Override
    protected Map<String, Long> rowsPerStorageDay(BarInterval interval) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement s = db.writer().createStatement();
                ResultSet r = s.executeQuery("SELECT CAST(CAST(\"timestamp\" AS DATE) AS VARCHAR), count(*) FROM "
                        + interval.table() + " GROUP BY 1 ORDER BY 1")) {
            while (r.next()) out.put(r.getString(1), r.getLong(2));
        }
        return out;
    }

    @Override
    protected List<StoredRevision> revisionsAndTrades(BarInterval interval, String symbol) throws SQLException {
        List<StoredRevision> out = new ArrayList<>();
        try (Connection c = db.openReader();
                PreparedStatement p = c.prepareStatement("SELECT revision, trades FROM " + interval.table()
                        + " WHERE venue = 'binance' AND symbol = ? ORDER BY \"timestamp\"")) {
            p.setString(1, symbol);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(new StoredRevision(r.getInt(1), r.getLong(2)));
            }
        }
        return out;
    }

    @Override
    protected void closeDatabase() throws SQLException {
        db.close();
        db = null;
    }
}
