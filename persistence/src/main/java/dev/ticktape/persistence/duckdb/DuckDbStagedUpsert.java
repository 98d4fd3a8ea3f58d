package dev.ticktape.persistence.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Idempotent bulk upsert of one DuckDB table. The Appender is the only fast bulk path into DuckDB but it cannot
 * upsert, so rows are appended to a per-connection TEMP staging table and moved with one {@code INSERT OR REPLACE
 * ... SELECT}, keeping the last row of a key repeated within the batch. Staging and target change in one
 * transaction, so a failed write leaves neither; an event stored in two tables moves both in that transaction
 * ({@link #move} as the other's {@code alongside}). One instance per connection and table; one thread.
 *
 * <p>With a revision column ({@link #guarded}) the stored row is always the highest revision seen, as for bars: a
 * key repeated within the batch keeps its highest revision (the last one on a tie), and a stored row is replaced
 * only by a revision at least as high.
 */
final class DuckDbStagedUpsert {

    /** Appends the columns of one row (the staging sequence number is already appended). */
    @FunctionalInterface
    interface RowAppender<T> {
        void append(DuckDBAppender appender, T row) throws SQLException;
    }

    /** More work inside the transaction of an upsert, e.g. the {@link #move} of a second table. */
    @FunctionalInterface
    interface Alongside {
        void run() throws SQLException;
    }

    private final DuckDBConnection connection;
    private final String staging;
    private final String move;

    /**
     * Last row of a key wins, whatever is stored.
     *
     * @param columns the target columns in append order
     * @param key     the primary-key columns
     */
    static DuckDbStagedUpsert lastWins(DuckDBConnection connection, String table, String columns, String key)
            throws SQLException {
        return new DuckDbStagedUpsert(
                connection,
                table,
                columns,
                "INSERT OR REPLACE INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + staging(table)
                        + " QUALIFY row_number() OVER (PARTITION BY " + key + " ORDER BY seq DESC) = 1");
    }

    /**
     * The highest {@code revision} of a key wins, the last row on a tie; a stored row with a higher revision stays.
     *
     * @param columns  the target columns in append order
     * @param key      the primary-key columns
     * @param revision the revision column, one of {@code columns}
     */
    static DuckDbStagedUpsert guarded(
            DuckDBConnection connection, String table, String columns, String key, String revision)
            throws SQLException {
        List<String> keyColumns = split(key);
        String updates = split(columns).stream()
                .filter(col -> !keyColumns.contains(col))
                .map(col -> col + " = excluded." + col)
                .collect(Collectors.joining(", "));
        // ON CONFLICT DO UPDATE may touch a row only once per statement, hence one row per key first.
        return new DuckDbStagedUpsert(
                connection,
                table,
                columns,
                "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + staging(table)
                        + " QUALIFY row_number() OVER (PARTITION BY " + key + " ORDER BY " + revision
                        + " DESC, seq DESC) = 1 ON CONFLICT (" + key + ") DO UPDATE SET " + updates + " WHERE excluded."
                        + revision + " >= " + table + "." + revision);
    }

    private DuckDbStagedUpsert(DuckDBConnection connection, String table, String columns, String move)
            throws SQLException {
        this.connection = connection;
        this.staging = staging(table);
        this.move = move;
        try (Statement s = connection.createStatement()) {
            // seq orders rows within the batch so the last one of a repeated key wins.
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + staging + " AS SELECT 0::BIGINT AS seq, " + columns
                    + " FROM " + table + " LIMIT 0");
        }
    }

    private static String staging(String table) {
        return "staging_" + table;
    }

    private static List<String> split(String columns) {
        return Arrays.stream(columns.split(",")).map(String::trim).toList();
    }

    /**
     * Upserts the rows, then runs {@code alongside}, in one transaction; auto-commit is on again afterwards. Nothing
     * happens for no rows.
     */
    <T> void upsert(List<T> rows, RowAppender<? super T> rowAppender, Alongside alongside) throws SQLException {
        if (rows.isEmpty()) return;
        // Auto-commit stays on between writes so this connection holds no snapshot while idle.
        connection.setAutoCommit(false);
        try {
            move(rows, rowAppender);
            alongside.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Stages the rows and moves them into the table, inside a transaction already open on this upsert's connection:
     * another upsert's {@code alongside} work.
     */
    <T> void move(List<T> rows, RowAppender<? super T> rowAppender) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // The first statement of a transaction opens it, so the appended rows below belong to it.
            s.execute("DELETE FROM " + staging);
            try (DuckDBAppender a = connection.createAppender("temp", "main", staging)) {
                long seq = 0;
                for (T row : rows) {
                    a.beginRow().append(seq++);
                    rowAppender.append(a, row);
                    a.endRow();
                }
            }
            s.execute(move);
            s.execute("DELETE FROM " + staging);
        }
    }
}
