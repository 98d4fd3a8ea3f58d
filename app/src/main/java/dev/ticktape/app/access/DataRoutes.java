package dev.ticktape.app.access;

import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.duckdb.ReadOnlySql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The ways into the DuckDB file while this process holds it: {@code POST /v1/sql} and {@code POST /v1/export}.
 * Opening it turns DuckDB's file access off except for a staging directory next to the database (see
 * {@link DuckDbDatabase#restrictFileAccess}), which it empties of an earlier run's leftovers.
 */
public final class DataRoutes implements AutoCloseable {
    /** Exports of a whole table can take a while; they get longer than a query. */
    private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(30);

    private final ReadOnlySql sql;
    private final Path staging;
    private final SqlLimits limits;
    private final BearerToken token;

    private DataRoutes(ReadOnlySql sql, Path staging, SqlLimits limits, BearerToken token) {
        this.sql = sql;
        this.staging = staging;
        this.limits = limits;
        this.token = token;
    }

    /**
     * @param token the API token requests need, or null/empty for none
     */
    public static DataRoutes open(DuckDbDatabase db, SqlLimits limits, String token) throws SQLException {
        Path staging = db.file().resolveSibling(db.file().getFileName() + ".staging");
        clear(staging);
        db.restrictFileAccess(staging);
        return new DataRoutes(new ReadOnlySql(db, staging), staging, limits, BearerToken.of(token));
    }

    public void register(HttpEdge http) {
        http.post("/v1/sql", new SqlRoute(sql, limits, token));
        http.post("/v1/export", new ExportRoute(sql, staging, EXPORT_TIMEOUT, token));
    }

    private static void clear(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }

    @Override
    public void close() {
        sql.close();
    }
}
