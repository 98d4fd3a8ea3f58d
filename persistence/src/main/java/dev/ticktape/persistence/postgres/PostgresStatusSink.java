package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Status;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.SinkRoute;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;

/**
 * Upserts status records into the day-partitioned (on {@code ts}) {@code feed_status} of PostgreSQL on
 * {@code (venue, connection, ts)}, one UNNEST statement per batch (see {@link PostgresBarSink}); a repeated key
 * keeps the last record. Column mapping as in the DuckDB sink.
 */
public final class PostgresStatusSink implements EventSink<Status> {
    private static final String UPSERT = "INSERT INTO feed_status (venue, connection, ts, state, detail, ingested_at) "
            + "SELECT u.*, $6 FROM UNNEST($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[]) AS u "
            + "ON CONFLICT (venue, connection, ts) DO UPDATE SET state = EXCLUDED.state, detail = EXCLUDED.detail, "
            + "ingested_at = EXCLUDED.ingested_at";

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresStatusSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code ingested_at}. */
    public PostgresStatusSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-status";
    }

    @Override
    public void write(List<Status> batch) {
        if (batch.isEmpty()) return;
        Collection<Status> rows = UpsertBatch.lastPerKey(batch, s -> new Key(s.venue(), s.symbol(), s.tsMs()));
        UpsertBatch.write(
                db,
                clock,
                batch.size() + " status records",
                () -> db.partitions().ensure(SinkRoute.STATUS_TABLE, UpsertBatch.days(rows, Status::tsMs)),
                (c, at) -> upsert(c, rows, at));
    }

    /** One statement in auto-commit: atomic on its own. */
    private static Flux<Long> upsert(Connection c, Collection<Status> rows, OffsetDateTime ingestedAt) {
        int n = rows.size();
        String[] venue = new String[n];
        String[] connection = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] state = new String[n];
        String[] detail = new String[n];
        int i = 0;
        for (Status s : rows) {
            venue[i] = s.venue();
            connection[i] = s.symbol();
            ts[i] = PgTime.utcMillis(s.tsMs());
            state[i] = s.state().name().toLowerCase(Locale.ROOT);
            detail[i] = s.detail();
            i++;
        }
        return Flux.from(c.createStatement(UPSERT)
                        .bind("$1", venue)
                        .bind("$2", connection)
                        .bind("$3", ts)
                        .bind("$4", state)
                        .bind("$5", detail)
                        .bind("$6", ingestedAt)
                        .execute())
                .concatMap(Result::getRowsUpdated);
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record Key(String venue, String connection, long tsMs) {}
}
