package dev.ticktape.persistence.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duckdb.DuckDBConnection;

/**
 * Runs users' SQL on the DuckDB file this process owns, read-only. Nothing here inspects the SQL text; the database
 * enforces each guarantee:
 *
 * <ul>
 *   <li>one SELECT only: the text is passed as a parameter to DuckDB's {@code query()} table function, which
 *       refuses anything but a single SELECT statement (so no {@code COPY}, {@code ATTACH}, {@code SET}, DDL, and
 *       no second statement smuggled after a {@code ;});
 *   <li>no writes: it runs in {@code BEGIN TRANSACTION READ ONLY}, so even a SELECT with a side effect on the
 *       database ({@code nextval}) is refused;
 *   <li>no files, extensions or network: {@link DuckDbDatabase#restrictFileAccess} has turned external access off
 *       for the whole database, so {@code read_csv('/etc/passwd')} fails.
 * </ul>
 *
 * <p>Each query gets its own connection, a row limit and a timeout (its statement is cancelled); at most
 * {@link #MAX_CONCURRENT} run at once.
 */
public final class ReadOnlySql implements AutoCloseable {
    /** DuckDB runs with one thread here; more queries at once would only queue inside it. */
    public static final int MAX_CONCURRENT = 2;

    private static final String RESULT_TABLE = "ticktape_sql_result";

    /** File formats DuckDB writes itself. */
    public enum FileFormat {
        CSV("csv", "(FORMAT csv, HEADER true)"),
        PARQUET("parquet", "(FORMAT parquet)");

        private final String extension;
        private final String options;

        FileFormat(String extension, String options) {
            this.extension = extension;
            this.options = options;
        }
    }

    /** A result read into memory: column names and DuckDB types, rows of JDBC values, and whether it was cut. */
    public record Rows(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated) {}

    /** A result written by DuckDB as a file, read back as bytes. */
    public record FileResult(byte[] bytes, long rows, boolean truncated) {}

    /** The query ran longer than its timeout and was interrupted. */
    public static final class TimeoutException extends RuntimeException {
        TimeoutException(Duration timeout) {
            super("query interrupted after its timeout of " + timeout.toMillis() + " ms");
        }
    }

    /** {@link #MAX_CONCURRENT} queries are already running. */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super(MAX_CONCURRENT + " SQL queries are already running; retry shortly");
        }
    }

    private final DuckDbDatabase db;
    private final Path staging;
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sql-timeout");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param staging where result files are written for a moment; must be the directory {@link
     *     DuckDbDatabase#restrictFileAccess} allowed
     */
    public ReadOnlySql(DuckDbDatabase db, Path staging) {
        this.db = db;
        this.staging = staging.toAbsolutePath();
    }

    /** At most {@code limit} rows of the query's result; {@code truncated} when there were more. */
    public Rows rows(String sql, int limit, Duration timeout) {
        return run(timeout, c -> {
            try (PreparedStatement p = c.prepare("SELECT * FROM query(?) LIMIT ?")) {
                p.setString(1, sql);
                p.setLong(2, limit + 1L);
                try (ResultSet rs = p.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> names = new ArrayList<>();
                    List<String> types = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        names.add(md.getColumnName(i));
                        types.add(md.getColumnTypeName(i));
                    }
                    List<List<Object>> rows = new ArrayList<>();
                    boolean truncated = false;
                    while (rs.next()) {
                        if (rows.size() == limit) {
                            truncated = true;
                            break;
                        }
                        List<Object> row = new ArrayList<>(names.size());
                        for (int i = 1; i <= names.size(); i++) row.add(rs.getObject(i));
                        rows.add(row);
                    }
                    return new Rows(names, types, rows, truncated);
                }
            }
        });
    }

    /**
     * At most {@code limit} rows of the query's result written by DuckDB in {@code format}. The result is first kept
     * in a temporary table of this connection (allowed in a read-only transaction: it is not in the database
     * file) so that the file holds at most {@code limit} rows and the cut is known.
     */
    public FileResult file(String sql, int limit, Duration timeout, FileFormat format) {
        return run(timeout, c -> {
            try (PreparedStatement p =
                    c.prepare("CREATE TEMP TABLE " + RESULT_TABLE + " AS SELECT * FROM query(?) LIMIT ?")) {
                p.setString(1, sql);
                p.setLong(2, limit + 1L);
                p.execute();
            }
            long count;
            try (Statement st = c.statement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM " + RESULT_TABLE)) {
                rs.next();
                count = rs.getLong(1);
            }
            Path out = staging.resolve("sql-" + UUID.randomUUID() + "." + format.extension);
            try {
                try (Statement st = c.statement()) {
                    st.execute("COPY (SELECT * FROM " + RESULT_TABLE + " LIMIT " + limit + ") TO '" + out + "' "
                            + format.options);
                }
                return new FileResult(Files.readAllBytes(out), Math.min(count, limit), count > limit);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover in the staging directory; the next start empties it
                }
            }
        });
    }

    /** Work inside a read-only transaction; its statements are cancelled when the timeout passes. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Session s) throws SQLException;
    }

    /**
     * The statements of one piece of {@link Work}. DuckDB stops a running statement through {@code cancel()}
     * (which interrupts the connection); a statement started after the deadline is refused at once.
     */
    public static final class Session {
        private final Connection c;
        private final List<Statement> open = new ArrayList<>();
        private final AtomicBoolean expired = new AtomicBoolean();

        Session(Connection c) {
            this.c = c;
        }

        public PreparedStatement prepare(String sql) throws SQLException {
            return track(c.prepareStatement(sql));
        }

        public Statement statement() throws SQLException {
            return track(c.createStatement());
        }

        private synchronized <S extends Statement> S track(S st) throws SQLException {
            if (expired.get()) {
                st.close();
                throw new SQLException("timeout");
            }
            open.add(st);
            return st;
        }

        synchronized void expire() {
            expired.set(true);
            for (Statement st : open) {
                try {
                    st.cancel();
                } catch (SQLException ignored) {
                    // closed already: it is not running
                }
            }
        }

        boolean expired() {
            return expired.get();
        }
    }

    /**
     * Runs {@code work} on a new connection in a read-only transaction, cancelling it after {@code timeout}. A
     * refused or invalid query is an {@link IllegalArgumentException} carrying DuckDB's message.
     */
    public <T> T run(Duration timeout, Work<T> work) {
        if (!slots.tryAcquire()) throw new BusyException();
        try (DuckDBConnection c = db.openReader()) {
            Session session = new Session(c);
            ScheduledFuture<?> deadline = timer.schedule(session::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN TRANSACTION READ ONLY");
                T result = work.run(session);
                if (session.expired()) throw new TimeoutException(timeout);
                st.execute("ROLLBACK");
                return result;
            } catch (SQLException e) {
                if (session.expired()) throw new TimeoutException(timeout);
                throw new IllegalArgumentException(firstLine(e.getMessage()), e);
            } finally {
                deadline.cancel(false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a DuckDB reader: " + e.getMessage(), e);
        } finally {
            slots.release();
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "query failed";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
