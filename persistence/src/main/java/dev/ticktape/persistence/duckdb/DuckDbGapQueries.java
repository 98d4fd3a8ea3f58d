package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Gap;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredGap;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code feed_gaps} from the DuckDB file, each call on its own reader connection. Thread-safe. */
public final class DuckDbGapQueries implements GapQueries {
    private final DuckDbDatabase database;

    public DuckDbGapQueries(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredGap> gaps(String venue, String symbol, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        List<Object> args = new ArrayList<>();
        args.add(DuckDbBarSink.micros(to));
        args.add(DuckDbBarSink.micros(from));
        StringBuilder sql = new StringBuilder("SELECT venue, connection, epoch_us(from_ts), cause, epoch_us(to_ts), "
                + "instruments, recovery, recovered, detail, epoch_us(received_at), epoch_us(ingested_at) "
                + "FROM feed_gaps WHERE from_ts < make_timestamp(?) AND (to_ts IS NULL OR to_ts > make_timestamp(?))");
        if (venue != null) {
            sql.append(" AND venue = ?");
            args.add(venue);
        }
        if (symbol != null) {
            sql.append(" AND (len(instruments) = 0 OR list_contains(instruments, ?))");
            args.add(symbol);
        }
        if (after != null) {
            sql.append(" AND (from_ts, venue, connection, cause) > (make_timestamp(?), ?, ?, ?)");
            args.add(DuckDbBarSink.micros(after.ts()));
            args.add(after.tie(0));
            args.add(after.tie(1));
            args.add(after.tie(2));
        }
        sql.append(" ORDER BY from_ts, venue, connection, cause LIMIT ?");
        args.add((long) limit);
        return DuckDbRead.list(database, "gap query", sql.toString(), args, DuckDbGapQueries::gap);
    }

    private static StoredGap gap(ResultSet r) throws SQLException {
        long to = r.getLong(5);
        Long toMs = r.wasNull() ? null : Math.floorDiv(to, 1000L);
        List<String> instruments = new ArrayList<>();
        Array a = r.getArray(6);
        for (Object o : (Object[]) a.getArray()) instruments.add((String) o);
        Gap g = new Gap(
                r.getString(1),
                r.getString(2),
                Math.floorDiv(r.getLong(3), 1000L),
                Math.floorDiv(r.getLong(10), 1000L),
                toMs,
                instruments,
                Gap.Cause.parse(r.getString(4)),
                Gap.Recovery.parse(r.getString(7)),
                r.getLong(8),
                r.getString(9));
        return new StoredGap(g, DuckDbGreeksQueries.micros(r.getLong(11)));
    }
}
