package dev.ticktape.persistence.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbSchemaUpgradeTest {
    @Test
    void opensAFileFromTheFirstVersionAndUpgradesItInPlaceKeepingItsRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            DuckDbSchema.migrate(c, 1);
            st.execute("INSERT INTO ohlc_1s VALUES ('ndjson','X', TIMESTAMP '2025-01-02 03:04:05', 1,2,0.5,1.5,10,1.2,3,"
                    + "'live:X', TIMESTAMP '2025-01-02 03:04:06')");
            assertThat(DuckDbSchema.currentVersion(c)).isEqualTo(1);
        }
        try (DuckDbDatabase db = DuckDbDatabase.open(file); Connection c = db.openReader(); Statement st = c.createStatement()) {
            assertThat(DuckDbSchema.currentVersion(c)).isEqualTo(DuckDbSchema.latestVersion()).isGreaterThan(1);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_1s")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ohlc_5m")) { // added by step 2
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
