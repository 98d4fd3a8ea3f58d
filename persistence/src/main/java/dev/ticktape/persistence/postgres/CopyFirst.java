package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.SinkErrors;
import dev.ticktape.persistence.SinkWriteException;
import io.r2dbc.spi.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The COPY-first write of a sink whose rows are upserted: rows that should be new (a first emission, revision 0) go
 * in by binary {@code COPY} straight into the table, which costs about what a plain load does, and only the others
 * (revisions) through {@code INSERT ... ON CONFLICT DO UPDATE}. When a supposedly new row's key is already stored (a
 * replay after a crash, a reprocessed file) the COPY fails with a unique violation, nothing of the attempt stays,
 * and the whole batch is written again by the upsert alone, in a new transaction. Either way the stored rows end
 * exactly as the upsert alone would leave them; the attempt only decides how fast.
 *
 * <p>A refused COPY costs about as much as a successful one, and a replay refuses batch after batch: after a refusal
 * the next 1, 2, 4 ... {@value #MAX_BACKOFF} batches skip the COPY attempt (doubling while it keeps being refused,
 * back to COPY after one that succeeds). One instance per sink, shared by its workers: thread-safe.
 */
final class CopyFirst {
    /** One statement of a write, given the batch's {@code ingested_at}. */
    @FunctionalInterface
    interface Step {
        Mono<?> execute(Connection c, OffsetDateTime persistedAt);
    }

    static final int MAX_BACKOFF = 64;
    private static final Logger log = LoggerFactory.getLogger(CopyFirst.class);

    private final String what;
    private int backoff;
    private int upsertsBeforeNextCopy;
    private long refusals;

    /** {@code what} names the rows in logs, e.g. "bar". */
    CopyFirst(String what) {
        this.what = what;
    }

    /**
     * Runs {@code prepare}, then {@code copyFirst} (the COPY of the new rows and the upsert of the rest), falling back
     * to {@code upsert} (every row) on a unique violation. Each attempt is one transaction, or auto-commit when it is
     * one statement. {@code batch} names the batch in a failure.
     */
    void write(
            PostgresDatabase db,
            Clock clock,
            String batch,
            UpsertBatch.Preparation prepare,
            List<Step> copyFirst,
            List<Step> upsert) {
        try {
            prepare.run();
            OffsetDateTime at = PgTime.utc(clock.instant());
            boolean tryCopy = !copyFirst.isEmpty() && copyNow();
            boolean[] refused = {false};
            Mono.usingWhen(
                            db.pool().create(),
                            c -> tryCopy
                                    ? run(c, copyFirst, at).onErrorResume(UpsertBatch::isDuplicateKey, dup -> {
                                        refused[0] = true;
                                        return Mono.from(c.rollbackTransaction())
                                                .then(run(c, upsert, at));
                                    })
                                    : run(c, upsert, at),
                            Connection::close,
                            (c, err) -> Mono.from(c.rollbackTransaction())
                                    .onErrorResume(x -> Mono.empty())
                                    .then(Mono.from(c.close())),
                            Connection::close)
                    .timeout(db.blockTimeout())
                    .block();
            if (refused[0]) refused();
            else if (tryCopy) copied();
        } catch (SQLException | RuntimeException e) {
            throw new SinkWriteException("PostgreSQL write of " + batch + " failed: " + SinkErrors.describe(e), e);
        }
    }

    /** Whether this batch tries COPY, or skips it while backing off after a refusal. */
    private synchronized boolean copyNow() {
        if (upsertsBeforeNextCopy == 0) return true;
        upsertsBeforeNextCopy--;
        return false;
    }

    private synchronized void copied() {
        backoff = 0;
    }

    private synchronized void refused() {
        backoff = Math.min(MAX_BACKOFF, Math.max(1, backoff * 2));
        upsertsBeforeNextCopy = backoff;
        if (refusals++ == 0 || log.isDebugEnabled()) {
            log.info(
                    "{} batch met stored keys (a replay?): written by upsert, COPY skipped for the next {} batches "
                            + "(logged once; debug logs each)",
                    what,
                    backoff);
        }
    }

    /** Runs the steps in order: in auto-commit when there is one (atomic on its own), else in one transaction. */
    static Mono<Void> run(Connection c, List<Step> steps, OffsetDateTime at) {
        Mono<Void> all =
                Flux.fromIterable(steps).concatMap(s -> s.execute(c, at)).then();
        return steps.size() == 1 ? all : UpsertBatch.inTransaction(c, all);
    }
}
