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

/**
 * The bench's paths run against the current schema (its COPY paths once broke on a new column), in a scratch
 * database that is gone afterwards, leaving the database it was given untouched.
 */
class PostgresSinkBenchIT {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsEveryPathAndLeavesNoRowsBehind() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            long scratchBefore = scratchDatabases(pg, url);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PostgresSinkBench.Result r = PostgresSinkBench.run(
                    PostgresConfig.of(url), 2_000, 500, new PrintStream(text, true, StandardCharsets.UTF_8));

            assertThat(r.rows()).isEqualTo(2_000);
            assertThat(r.sinkRowsPerSec()).isPositive();
            assertThat(r.baselineRowsPerSec()).isPositive();
            assertThat(r.copyStagingRowsPerSec()).isPositive();
            assertThat(r.replayRowsPerSec()).isPositive();
            assertThat(r.unnestRowsPerSec()).isPositive();
            assertThat(r.unindexedRowsPerSec()).isPositive();
            assertThat(text.toString(StandardCharsets.UTF_8))
                    .contains("baseline (plain COPY into ohlc_1s")
                    .contains("sink/baseline = ");
            try (Connection c = pg.jdbc(url);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT to_regclass('ohlc_1s') IS NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the given database untouched").isTrue();
            }
            assertThat(scratchDatabases(pg, url))
                    .as("scratch databases left behind")
                    .isEqualTo(scratchBefore);
        } finally {
            pg.dropDatabase(url);
        }
    }

    private static long scratchDatabases(PostgresFixture pg, String url) throws Exception {
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'ticktape\\_bench\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
