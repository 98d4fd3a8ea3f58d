package dev.ticktape.persistence.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Idempotent bulk upsert of one DuckDB table. The Appender is the only fast bulk path into DuckDB but it cannot
 * upsert, so rows are appended to a per-connection TEMP staging table and moved with one {@code INSERT OR REPLACE
 * ... SELECT}, keeping the last row of a key repeated within the batch. Staging and target change in one
 * transaction, so a failed write leaves neither. One instance per connection and table; one thread.
 */
final class DuckDbStagedUpsert {

    /** Appends the columns of one row (the staging sequence number is already appended). */
    @FunctionalInterface
    interface RowAppender<T> {
        void append(DuckDBAppender appender, T row) throws SQLException;
    }

    private final DuckDBConnection connection;
    private final String table;
    private final String staging;
    private final String columns;
    private final String key;

    /**
     * @param columns the target columns in append order
     * @param key     the primary-key columns
     */
    DuckDbStagedUpsert(DuckDBConnection connection, String table, String columns, String key) throws SQLException {
        this.connection = connection;
        this.table = table;
        this.staging = "staging_" + table;
        this.columns = columns;
        this.key = key;
        try (Statement s = connection.createStatement()) {
            // seq orders rows within the batch so the last one of a repeated key wins.
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + staging + " AS SELECT 0::BIGINT AS seq, " + columns
                    + " FROM " + table + " LIMIT 0");
        }
    }

    /** Upserts the rows in one transaction; auto-commit is on again afterwards. */
    <T> void upsert(List<T> rows, RowAppender<? super T> rowAppender) throws SQLException {
        if (rows.isEmpty()) return;
        // Auto-commit stays on between writes so this connection holds no snapshot while idle.
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            // The first statement opens the transaction, so the appended rows below belong to it.
            s.execute("DELETE FROM " + staging);
            try (DuckDBAppender a = connection.createAppender("temp", "main", staging)) {
                long seq = 0;
                for (T row : rows) {
                    a.beginRow().append(seq++);
                    rowAppender.append(a, row);
                    a.endRow();
                }
            }
            s.execute("INSERT OR REPLACE INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + staging
                    + " QUALIFY row_number() OVER (PARTITION BY " + key + " ORDER BY seq DESC) = 1");
            s.execute("DELETE FROM " + staging);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
