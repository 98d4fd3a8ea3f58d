package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Gap;
import dev.ticktape.model.Summary;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.BarSink;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.GapSinkContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/** The gap ledger and coverage contract against PostgreSQL, in a fresh database per test. */
class PostgresGapSinkContractIT extends GapSinkContract {
    private final PostgresFixture pg = PostgresFixture.get();
    private String url;
    private PostgresDatabase db;

    @Override
    protected EventSink<Gap> openGapSink(Clock clock) {
        if (db == null) {
            url = pg.createDatabase();
            db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        }
        return new PostgresGapSink(db, clock);
    }

    @Override
    protected BarSink openBarSink(Clock clock) {
        return new PostgresBarSink(db, clock);
    }

    @Override
    protected EventSink<Summary> openSummarySink(Clock clock) {
        return new PostgresSummarySink(db, clock);
    }

    @Override
    protected GapQueries gapQueries() {
        return new PostgresGapQueries(db);
    }

    @Override
    protected BarQueries barQueries() {
        return new PostgresBarQueries(db);
    }

    @Override
    protected Connection connection() throws SQLException {
        return pg.jdbc(url);
    }

    @Override
    protected String epochMs(String timeExpression) {
        return "(extract(epoch FROM " + timeExpression + ") * 1000)::bigint";
    }

    @Override
    protected void closeDatabase() {
        if (db != null) db.close();
        db = null;
        if (url != null) pg.dropDatabase(url);
    }
}
