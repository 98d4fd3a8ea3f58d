package dev.ticktape.persistence.postgres;

import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.BarSinkContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sink contract against PostgreSQL, in a fresh database per test; storage days are partitions. */
class PostgresBarSinkContractIT extends BarSinkContract {
    private final PostgresFixture pg = PostgresFixture.get();
    private String url;
    private PostgresDatabase db;

    @Override
    protected BarSink openSink(Clock clock) {
        if (db == null) {
            url = pg.createDatabase();
            db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        }
        return new PostgresBarSink(db, clock);
    }

    @Override
    protected BarQueries queries() {
        return new PostgresBarQueries(db);
    }

    @Override
    protected Map<String, Long> rowsPerStorageDay(BarInterval interval) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        String prefix = interval.table() + "_p";
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT tableoid::regclass::text, count(*) FROM " + interval.table()
                        + " GROUP BY 1 ORDER BY 1")) {
            while (r.next()) {
                String partition = r.getString(1);
                String day = partition.startsWith(prefix)
                        ? LocalDate.parse(partition.substring(prefix.length()), DateTimeFormatter.BASIC_ISO_DATE)
                                .toString()
                        : "default";
                out.put(day, r.getLong(2));
            }
        }
        return out;
    }

    @Override
    protected List<StoredRevision> revisionsAndTrades(BarInterval interval, String symbol) throws SQLException {
        List<StoredRevision> out = new ArrayList<>();
        try (Connection c = pg.jdbc(url);
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
    protected void closeDatabase() {
        if (db != null) db.close();
        db = null;
        if (url != null) pg.dropDatabase(url);
    }
}
