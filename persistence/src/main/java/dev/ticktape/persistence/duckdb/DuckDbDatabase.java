package dev.ticktape.persistence.duckdb;

import dev.ticktape.persistence.FeatureDefinitionsSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one DuckDB file for this process. Only one process may open the file, so everything that reads it while
 * the sink writes (the HTTP API) goes through {@link #openReader()} here. The schema is migrated on open, and
 * {@code feature_definitions} is synced with the feature catalog.
 *
 * <p>{@link #writer()} is the single write connection, meant for one thread; readers are separate connections to
 * the same database and may be used from other threads concurrently with the writer.
 */
public final class DuckDbDatabase implements AutoCloseable {
    /** Default file, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("data", "ticktape.duckdb");

    private static final Logger log = LoggerFactory.getLogger(DuckDbDatabase.class);

    private final Path file;
    private final DuckDBConnection writer;
    /**
     * Idle connection that further connections are duplicated from. {@code duplicate()} copies the source's
     * auto-commit flag: duplicating the writer while it was inside a batch (auto-commit off) gave readers that
     * held one snapshot forever, so queries (and tests) intermittently saw stale data.
     */
    private final DuckDBConnection origin;

    private DuckDbDatabase(Path file, DuckDBConnection writer) throws SQLException {
        this.file = file;
        this.writer = writer;
        this.origin = writer.duplicate();
        origin.setAutoCommit(true);
    }

    /**
     * DuckDB's worker threads. DuckDB defaults to one per core; next to a broker and two Streams applications in
     * the same box that let a checkpoint or a large upsert take every core for seconds (Greeks bench p95 1.2-4.2 s
     * with the default, 355-456 ms with one thread on 2 cores). Our batches are small; one thread keeps up.
     */
    public static final int DEFAULT_THREADS = 1;

    /** Opens with {@link #DEFAULT_THREADS}. */
    public static DuckDbDatabase open(Path file) throws SQLException {
        return open(file, DEFAULT_THREADS);
    }

    /** Opens (creating the file and its parent directories if needed) and migrates the schema. */
    public static DuckDbDatabase open(Path file, int threads) throws SQLException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory for " + absolute, e);
        }
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + absolute);
        try {
            try (var st = c.createStatement()) {
                st.execute("SET threads = " + threads);
            }
            var applied = DuckDbSchema.migrate(c);
            FeatureDefinitionsSync.sync(c);
            log.info(
                    "DuckDB {} open, schema version {}{}",
                    absolute,
                    DuckDbSchema.latestVersion(),
                    applied.isEmpty() ? "" : " (applied " + applied + ")");
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return new DuckDbDatabase(absolute, c);
    }

    /**
     * Turns off DuckDB's access to files, extensions and the network for this whole database, except under
     * {@code allowedDir}. Readers run users' SQL ({@link ReadOnlySql}), and a read-only transaction alone still
     * lets a query read {@code read_csv('/etc/passwd')} or run {@code COPY ... TO} and {@code ATTACH}. The writers
     * are unaffected (tables, WAL, checkpoints, spilling are the database's own files). DuckDB refuses to turn
     * access back on, or to change {@code allowedDir}, while the database is open.
     */
    public void restrictFileAccess(Path allowedDir) throws SQLException {
        Path dir = allowedDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        String literal = "'" + (dir + "/").replace("'", "''") + "'";
        synchronized (origin) {
            try (var st = origin.createStatement()) {
                st.execute("SET allowed_directories = [" + literal + "]");
                st.execute("SET enable_external_access = false");
            }
        }
        log.info("DuckDB {}: file access off except under {}", file, dir);
    }

    public Path file() {
        return file;
    }

    /** The write connection. Do not close it; {@link #close()} does. */
    public DuckDBConnection writer() {
        return writer;
    }

    /**
     * A further write connection for a writer on its own thread (e.g. the Greeks sink next to the bar sink); the
     * caller closes it. DuckDB lets connections of one database write concurrently; writers of different tables
     * never conflict.
     */
    public DuckDBConnection openWriter() throws SQLException {
        return duplicate();
    }

    /** A new connection to the same database for reading; the caller closes it. */
    public DuckDBConnection openReader() throws SQLException {
        return duplicate();
    }

    /** A new auto-commit connection to this database (never inheriting a writer's open transaction). */
    private DuckDBConnection duplicate() throws SQLException {
        DuckDBConnection c;
        synchronized (origin) {
            c = origin.duplicate();
        }
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public void close() throws SQLException {
        try {
            origin.close();
        } finally {
            writer.close();
        }
    }
}
