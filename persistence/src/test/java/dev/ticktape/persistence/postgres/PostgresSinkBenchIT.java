package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bench's three paths run against the current schema (its COPY paths once broke on a new column). */
class PostgresSinkBenchIT {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsEveryPathAndLeavesNoRowsBehind() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PostgresSinkBench.Result r = PostgresSinkBench.run(
                    PostgresConfig.of(url), 2_000, 500, new PrintStream(text, true, StandardCharsets.UTF_8));

            assertThat(r.rows()).isEqualTo(2_000);
            assertThat(r.sinkRowsPerSec()).isPositive();
            assertThat(r.baselineRowsPerSec()).isPositive();
            assertThat(r.copyStagingRowsPerSec()).isPositive();
            assertThat(text.toString(StandardCharsets.UTF_8)).contains("postgres sink (UNNEST upsert)");
            try (Connection c = pg.jdbc(url);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM ohlc_1s")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            pg.dropDatabase(url);
        }
    }
}
