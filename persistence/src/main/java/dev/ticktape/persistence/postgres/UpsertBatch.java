package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.SinkErrors;
import dev.ticktape.persistence.SinkWriteException;
import io.r2dbc.spi.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

    private UpsertBatch() {}

    /** ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: keep the last row of each key, in order. */
    static <T, K> Collection<T> lastPerKey(List<T> batch, Function<T, K> key) {
        Map<K, T> last = new LinkedHashMap<>();
        for (T row : batch) last.put(key.apply(row), row);
        return last.values();
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
