package dev.ticktape.persistence.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbDatabaseTest {

    private static long rows(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM probe")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Regression: a reader opened while the writer was inside a batch inherited auto-commit off and went stale. */
    @Test
    void aReaderOpenedDuringAWriteSeesLaterCommits(@TempDir Path dir) throws Exception {
        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("t.duckdb"))) {
            Connection w = db.writer();
            try (Statement st = w.createStatement()) {
                st.execute("CREATE TABLE probe (x INTEGER)");
            }
            w.setAutoCommit(false); // the sink's batch: a transaction is open
            try (Statement st = w.createStatement()) {
                st.execute("INSERT INTO probe VALUES (1)");
            }
            try (Connection reader = db.openReader()) {
                assertThat(reader.getAutoCommit()).isTrue();
                assertThat(rows(reader)).isZero(); // uncommitted
                w.commit();
                w.setAutoCommit(true);
                assertThat(rows(reader)).isEqualTo(1);
                try (Statement st = w.createStatement()) {
                    st.execute("INSERT INTO probe VALUES (2)");
                }
                assertThat(rows(reader)).isEqualTo(2);
            }
        }
    }
}
