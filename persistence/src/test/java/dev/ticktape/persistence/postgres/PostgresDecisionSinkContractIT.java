package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Decision;
import dev.ticktape.persistence.DecisionQueries;
import dev.ticktape.persistence.DecisionSinkContract;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.retention.PostgresRetention;
import dev.ticktape.persistence.retention.RetentionTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision contract against PostgreSQL, in a fresh database per test. */
class PostgresDecisionSinkContractIT extends DecisionSinkContract {
    private final PostgresFixture pg = PostgresFixture.get();
    private String url;
    private PostgresDatabase db;

    @Override
    protected EventSink<Decision> openDecisionSink(Clock clock) {
        url = pg.createDatabase();
        db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        return new PostgresDecisionSink(db, clock);
    }

    @Override
    protected DecisionQueries decisionQueries() {
        return new PostgresDecisionQueries(db);
    }

    @Override
    protected RetentionTarget retention() {
        return new PostgresRetention(db);
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
    protected void refuseStateRowsOf(String symbol) throws SQLException {
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement()) {
            s.execute("ALTER TABLE stream_state ADD CONSTRAINT refused CHECK (symbol <> '" + symbol + "')");
        }
    }

    /** A batch across midnight lands in the two days' partitions of both tables, never in a DEFAULT one. */
    @Test
    void decisionsLandInTheDayPartitionsOfTheirBarStart() throws Exception {
        long midnight = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli();
        List<Decision> batch = List.of(
                new Decision(
                        "binance",
                        "BTCUSDT",
                        midnight - 1000,
                        midnight,
                        "run-1",
                        1.0,
                        0,
                        "flat",
                        0.0,
                        0.0,
                        0.0,
                        false,
                        1.0,
                        "no_change",
                        true,
                        Decision.Posture.ACTIVE,
                        0.0,
                        null),
                new Decision(
                        "binance",
                        "BTCUSDT",
                        midnight,
                        midnight + 1000,
                        "run-1",
                        1.0,
                        0,
                        "flat",
                        0.0,
                        0.0,
                        0.0,
                        false,
                        1.0,
                        "no_change",
                        true,
                        Decision.Posture.ACTIVE,
                        0.0,
                        null));
        sink().write(batch);

        for (String table : List.of("stream_state", "stream_actions")) {
            assertThat(rows("SELECT tableoid::regclass::text, count(*) FROM " + table + " GROUP BY 1 ORDER BY 1"))
                    .as(table)
                    .containsExactly(List.of(table + "_p20240501", 1L), List.of(table + "_p20240502", 1L));
        }
    }

    @Override
    protected void closeDatabase() {
        if (db != null) db.close();
        db = null;
        if (url != null) pg.dropDatabase(url);
        url = null;
    }
}
