package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.SinkErrors;
import dev.ticktape.persistence.SinkWriteException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The write path the single-statement sinks share: reduce the batch to the last row per conflict key, run any
 * preparation (partitions), then one auto-commit upsert on a pooled connection, blocking within the database's
 * timeout. Any failure becomes a {@link SinkWriteException} that names the batch.
 */
final class UpsertBatch {
    /** Work done before a connection is taken, e.g. creating the batch's partitions. */
    @FunctionalInterface
    interface Preparation {
        void run() throws SQLException;
    }

    /** The upsert of the reduced rows, stamped with one {@code persisted_at} for the whole batch. */
    @FunctionalInterface
    interface Upsert {
        Publisher<?> execute(Connection c, OffsetDateTime persistedAt);
    }

    private static final long DAY_MS = 86_400_000L;

    private UpsertBatch() {}

    /** ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: keep the last row of each key, in order. */
    static <T, K> Collection<T> lastPerKey(List<T> batch, Function<T, K> key) {
        Map<K, T> last = new LinkedHashMap<>();
        for (T row : batch) last.put(key.apply(row), row);
        return last.values();
    }

    /**
     * As {@link #lastPerKey} for a table whose rows carry a revision: each key keeps its highest revision, the last
     * row on a tie, so a batch leaves what the same rows written one by one under a revision guard would.
     */
    static <T, K> Collection<T> highestPerKey(List<T> batch, Function<T, K> key, ToIntFunction<T> revision) {
        Map<K, T> highest = new LinkedHashMap<>();
        for (T row : batch) {
            highest.merge(
                    key.apply(row),
                    row,
                    (kept, later) -> revision.applyAsInt(later) >= revision.applyAsInt(kept) ? later : kept);
        }
        return highest.values();
    }

    /** The UTC days of the rows' times: the day partitions a batch needs. */
    static <T> Set<LocalDate> days(Collection<T> rows, ToLongFunction<T> epochMillis) {
        Set<LocalDate> days = new TreeSet<>();
        for (T row : rows) days.add(LocalDate.ofEpochDay(Math.floorDiv(epochMillis.applyAsLong(row), DAY_MS)));
        return days;
    }

    /** SQLSTATE of a unique violation: a COPY of rows whose key is already stored. */
    static final String UNIQUE_VIOLATION = "23505";

    /** {@code work} between {@code BEGIN} and {@code COMMIT} on {@code c}; the caller rolls back on an error. */
    static Mono<Void> inTransaction(Connection c, Mono<Void> work) {
        return Mono.from(c.beginTransaction()).then(work).then(Mono.from(c.commitTransaction()));
    }

    /** Whether {@code e} (or a cause) is a unique violation: the signal to fall back from COPY to the upsert. */
    static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r && UNIQUE_VIOLATION.equals(r.getSqlState())) return true;
        }
        return false;
    }

    /** Runs {@code prepare}, then {@code upsert} in auto-commit; {@code what} names the batch in a failure. */
    static void write(PostgresDatabase db, Clock clock, String what, Preparation prepare, Upsert upsert) {
        try {
            prepare.run();
            OffsetDateTime persistedAt = PgTime.utc(clock.instant());
            Mono.usingWhen(
                            db.pool().create(),
                            c -> Flux.from(upsert.execute(c, persistedAt)).then(),
                            Connection::close,
                            (c, err) -> Mono.from(c.close()),
                            Connection::close)
                    .timeout(db.blockTimeout())
                    .block();
        } catch (SQLException | RuntimeException e) {
            throw new SinkWriteException("PostgreSQL write of " + what + " failed: " + SinkErrors.describe(e), e);
        }
    }
}
