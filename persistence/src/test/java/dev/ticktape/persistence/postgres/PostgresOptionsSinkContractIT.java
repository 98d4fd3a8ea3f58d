package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.OptionsSinkContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Greeks and execution sink contract against PostgreSQL; storage days are partitions. */
class PostgresOptionsSinkContractIT extends OptionsSinkContract {
    private static final String PREFIX = "greek_snapshots_p";
    private final PostgresFixture pg = PostgresFixture.get();
    private String url;
    private PostgresDatabase db;

    @Override
    protected EventSink<Greeks> openGreeksSink(Clock clock) {
        if (db == null) {
            url = pg.createDatabase();
            db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        }
        return new PostgresGreeksSink(db, clock);
    }

    @Override
    protected EventSink<Execution> openExecutionSink(Clock clock) {
        return new PostgresExecutionSink(db, clock);
    }

    @Override
    protected GreeksSnapshotQueries greeksQueries() {
        return new PostgresGreeksQueries(db);
    }

    @Override
    protected ExecutionQueries executionQueries() {
        return new PostgresExecutionQueries(db);
    }

    @Override
    protected Map<String, Long> greeksRowsPerStorageDay() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT tableoid::regclass::text, count(*) FROM greek_snapshots GROUP BY 1 ORDER BY 1")) {
            while (r.next()) {
                String partition = r.getString(1);
                String day = partition.startsWith(PREFIX)
                        ? LocalDate.parse(partition.substring(PREFIX.length()), DateTimeFormatter.BASIC_ISO_DATE)
                                .toString()
                        : "default";
                out.put(day, r.getLong(2));
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
