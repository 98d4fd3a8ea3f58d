package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Gap;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredGap;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads {@code feed_gaps} from PostgreSQL through the pool; blocks for at most
 * {@link PostgresDatabase#blockTimeout()}. Thread-safe. Text columns compare byte-wise ({@code COLLATE "C"}) in the
 * order and the cursor, as in DuckDB, so both stores page alike.
 */
public final class PostgresGapQueries implements GapQueries {
    private final PostgresDatabase db;

    public PostgresGapQueries(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<StoredGap> gaps(String venue, String symbol, Instant from, Instant to, PageKey after, int limit) {
        PostgresRead read = new PostgresRead();
        StringBuilder sql = new StringBuilder("SELECT venue, connection, from_ts, cause, to_ts, instruments, recovery, "
                + "recovered, detail, received_at, ingested_at FROM feed_gaps WHERE from_ts < "
                + read.param(PgTime.utc(to)) + " AND (to_ts IS NULL OR to_ts > " + read.param(PgTime.utc(from)) + ")");
        if (venue != null) sql.append(" AND venue = ").append(read.param(venue));
        if (symbol != null) {
            sql.append(" AND (cardinality(instruments) = 0 OR ")
                    .append(read.param(symbol))
                    .append(" = ANY (instruments))");
        }
        if (after != null) {
            sql.append(" AND (from_ts, venue COLLATE \"C\", connection COLLATE \"C\", cause COLLATE \"C\") > (")
                    .append(read.param(PgTime.utc(after.ts())))
                    .append(", ")
                    .append(read.param(after.tie(0)))
                    .append(", ")
                    .append(read.param(after.tie(1)))
                    .append(", ")
                    .append(read.param(after.tie(2)))
                    .append(")");
        }
        sql.append(" ORDER BY from_ts, venue COLLATE \"C\", connection COLLATE \"C\", cause COLLATE \"C\" LIMIT ")
                .append(read.param((long) limit));
        return read.list(db, "gap query", sql.toString(), PostgresGapQueries::gap);
    }

    private static StoredGap gap(Readable r) {
        OffsetDateTime to = r.get(4, OffsetDateTime.class);
        Gap g = new Gap(
                r.get(0, String.class),
                r.get(1, String.class),
                r.get(2, OffsetDateTime.class).toInstant().toEpochMilli(),
                r.get(9, OffsetDateTime.class).toInstant().toEpochMilli(),
                to == null ? null : to.toInstant().toEpochMilli(),
                List.of(r.get(5, String[].class)),
                Gap.Cause.parse(r.get(3, String.class)),
                Gap.Recovery.parse(r.get(6, String.class)),
                r.get(7, Long.class),
                r.get(8, String.class));
        return new StoredGap(g, r.get(10, OffsetDateTime.class).toInstant());
    }
}
