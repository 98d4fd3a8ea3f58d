package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Gap;
import dev.ticktape.persistence.EventSink;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Upserts the gap ledger into the plain (unpartitioned) {@code feed_gaps} of PostgreSQL on the gap's identity
 * {@code (venue, connection, from_ts, cause)}, one UNNEST statement per batch (see {@link PostgresBarSink}); a
 * repeated identity keeps the last record. Column mapping as in the DuckDB sink.
 */
public final class PostgresGapSink implements EventSink<Gap> {
    /**
     * UNNEST cannot take an array of arrays of different lengths, so each instrument list travels as one text with
     * the symbols separated by a space, which no symbol contains; {@code string_to_array('', ' ')} is the empty list.
     */
    private static final String UPSERT = "INSERT INTO feed_gaps (venue, connection, from_ts, cause, to_ts, "
            + "instruments, recovery, recovered, detail, received_at, ingested_at) "
            + "SELECT u.venue, u.connection, u.from_ts, u.cause, u.to_ts, string_to_array(u.instruments, ' '), "
            + "u.recovery, u.recovered, u.detail, u.received_at, $11 "
            + "FROM UNNEST($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::timestamptz[], $6::text[], "
            + "$7::text[], $8::int8[], $9::text[], $10::timestamptz[]) AS u(venue, connection, from_ts, cause, to_ts, "
            + "instruments, recovery, recovered, detail, received_at) "
            + "ON CONFLICT (venue, connection, from_ts, cause) DO UPDATE SET to_ts = EXCLUDED.to_ts, "
            + "instruments = EXCLUDED.instruments, recovery = EXCLUDED.recovery, recovered = EXCLUDED.recovered, "
            + "detail = EXCLUDED.detail, received_at = EXCLUDED.received_at, ingested_at = EXCLUDED.ingested_at";

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresGapSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code ingested_at}. */
    public PostgresGapSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-gaps";
    }

    @Override
    public void write(List<Gap> batch) {
        if (batch.isEmpty()) return;
        Collection<Gap> rows = UpsertBatch.lastPerKey(batch, g -> new Key(g.venue(), g.symbol(), g.tsMs(), g.cause()));
        // No partitions to make: the table is not partitioned.
        UpsertBatch.write(db, clock, batch.size() + " gaps", () -> {}, (c, at) -> upsert(c, rows, at));
    }

    /** One statement in auto-commit: atomic on its own. */
    private static Flux<Long> upsert(Connection c, Collection<Gap> rows, OffsetDateTime ingestedAt) {
        int n = rows.size();
        String[] venue = new String[n];
        String[] connection = new String[n];
        OffsetDateTime[] from = new OffsetDateTime[n];
        String[] cause = new String[n];
        OffsetDateTime[] to = new OffsetDateTime[n];
        String[] instruments = new String[n];
        String[] recovery = new String[n];
        Long[] recovered = new Long[n];
        String[] detail = new String[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        int i = 0;
        for (Gap g : rows) {
            venue[i] = g.venue();
            connection[i] = g.symbol();
            from[i] = PgTime.utcMillis(g.tsMs());
            cause[i] = g.cause().json();
            to[i] = g.toMs() == null ? null : PgTime.utcMillis(g.toMs());
            instruments[i] = String.join(" ", g.instruments());
            recovery[i] = g.recovery().json();
            recovered[i] = g.recovered();
            detail[i] = g.detail();
            received[i] = PgTime.utcMillis(g.recvMs());
            i++;
        }
        return Flux.from(c.createStatement(UPSERT)
                        .bind("$1", venue)
                        .bind("$2", connection)
                        .bind("$3", from)
                        .bind("$4", cause)
                        .bind("$5", to)
                        .bind("$6", instruments)
                        .bind("$7", recovery)
                        .bind("$8", recovered)
                        .bind("$9", detail)
                        .bind("$10", received)
                        .bind("$11", ingestedAt)
                        .execute())
                .concatMap(Result::getRowsUpdated);
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record Key(String venue, String connection, long tsMs, Gap.Cause cause) {}
}
