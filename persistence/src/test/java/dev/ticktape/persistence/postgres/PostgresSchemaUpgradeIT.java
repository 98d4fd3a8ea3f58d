package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class PostgresSchemaUpgradeIT {
    @Test
    void opensADatabaseAtVersionOneAndUpgradesItInPlaceKeepingItsRows() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            JdbcConnections jdbc = new JdbcConnections(PostgresConfig.of(url));
            Flyway.configure().dataSource(jdbc.dataSource()).locations(PostgresDatabase.MIGRATIONS).target("1")
                    .loggers("slf4j").load().migrate();
            try (Connection c = pg.jdbc(url); Statement st = c.createStatement()) {
                st.execute("INSERT INTO ohlc_1s VALUES ('ndjson','X','2025-01-02T03:04:05Z',1,2,0.5,1.5,10,1.2,3,'live:X',"
                        + "'2025-01-02T03:04:06Z')");
            }
            try (PostgresDatabase db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
                 Connection c = pg.jdbc(url); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(2);
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_1s")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_5m")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        } finally {
            pg.dropDatabase(url);
        }
    }
}
