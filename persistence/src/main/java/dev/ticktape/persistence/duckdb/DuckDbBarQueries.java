package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Coverage;
import dev.ticktape.model.InstrumentId;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.InstrumentStats;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.SeriesSummary;
import dev.ticktape.persistence.StoredBar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads bars from the DuckDB file of this process. Each call opens its own short-lived reader connection, so
 * calls from several threads run concurrently with the sink's writes. Time bounds are bound as epoch microseconds
 * ({@code make_timestamp}) and read back with {@code epoch_us}, so the JVM time zone never enters.
 */
public final class DuckDbBarQueries implements BarQueries {
    private final DuckDbDatabase database;

    public DuckDbBarQueries(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredBar> storedBars(
            BarInterval interval, String venue, String symbol, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        // The page of bars first, then the gaps that can overlap the range: DuckDB does not push a filter on the
        // bars below the gap join of the ohlc_*_coverage views, which then judge every stored bar.
        String sql = "WITH b AS (SELECT * FROM " + interval.table()
                + " WHERE symbol = ? AND \"timestamp\" >= make_timestamp(?) AND \"timestamp\" < make_timestamp(?)"
                + (venue == null ? "" : " AND venue = ?")
                + (after == null
                        ? ""
                        : " AND (\"timestamp\" > make_timestamp(?) OR (\"timestamp\" = make_timestamp(?) AND venue > ?))")
                + " ORDER BY \"timestamp\", venue LIMIT ?), "
                + "g AS (SELECT venue, instruments, from_ts, to_ts, cause, recovery FROM feed_gaps "
                + "WHERE from_ts < make_timestamp(?) + INTERVAL " + interval.millis() + " MILLISECOND "
                + "AND (to_ts IS NULL OR to_ts > make_timestamp(?))) "
                + "SELECT b.venue, b.symbol, epoch_us(b.\"timestamp\"), b.open, b.high, b.low, b.close, b.volume, "
                + "b.vwap, b.trades, b.source_file, epoch_us(b.ingested_at), b.revision, "
                + DuckDbSchema.coverage("b", "g", interval) + " FROM b ORDER BY b.\"timestamp\", b.venue";
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, symbol);
            p.setLong(i++, DuckDbBarSink.micros(from));
            p.setLong(i++, DuckDbBarSink.micros(to));
            if (venue != null) p.setString(i++, venue);
            if (after != null) {
                p.setLong(i++, DuckDbBarSink.micros(after.ts()));
                p.setLong(i++, DuckDbBarSink.micros(after.ts()));
                p.setString(i++, after.tie(0));
            }
            p.setLong(i++, limit);
            p.setLong(i++, DuckDbBarSink.micros(to));
            p.setLong(i, DuckDbBarSink.micros(from));
            List<StoredBar> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(storedBar(interval, r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("bar query on " + interval.table() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SeriesSummary> series(BarInterval interval) {
        String sql = "SELECT venue, symbol, count(*), epoch_us(min(\"timestamp\")), epoch_us(max(\"timestamp\")), "
                + "epoch_us(max(ingested_at)) FROM " + interval.table() + " GROUP BY venue, symbol "
                + "ORDER BY venue, symbol";
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql);
                ResultSet r = p.executeQuery()) {
            List<SeriesSummary> out = new ArrayList<>();
            while (r.next()) {
                out.add(new SeriesSummary(
                        new InstrumentId(r.getString(1), r.getString(2)),
                        r.getLong(3),
                        instant(r.getLong(4)),
                        instant(r.getLong(5)),
                        instant(r.getLong(6))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("series query on " + interval.table() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<InstrumentStats> instruments(BarInterval interval) {
        String sql = "SELECT venue, symbol, count(*), count(*) FILTER (WHERE source_file LIKE 'live:%'), "
                + "epoch_us(min(\"timestamp\")), epoch_us(max(\"timestamp\")), arg_max(close, \"timestamp\") FROM "
                + interval.table() + " GROUP BY venue, symbol ORDER BY venue, symbol";
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql);
                ResultSet r = p.executeQuery()) {
            List<InstrumentStats> out = new ArrayList<>();
            while (r.next()) {
                out.add(new InstrumentStats(
                        new InstrumentId(r.getString(1), r.getString(2)),
                        r.getLong(3),
                        r.getLong(4),
                        instant(r.getLong(5)),
                        instant(r.getLong(6)),
                        r.getDouble(7)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "instrument query on " + interval.table() + " failed: " + e.getMessage(), e);
        }
    }

    private static StoredBar storedBar(BarInterval interval, ResultSet r) throws SQLException {
        Instant ingestedAt = instant(r.getLong(12));
        double vwap = r.getDouble(9);
        Double vwapOrNull = r.wasNull() ? null : vwap;
        Bar bar = new Bar(
                interval,
                r.getString(1),
                r.getString(2),
                Math.floorDiv(r.getLong(3), 1000L),
                ingestedAt.toEpochMilli(),
                r.getDouble(4),
                r.getDouble(5),
                r.getDouble(6),
                r.getDouble(7),
                r.getDouble(8),
                r.getLong(10),
                vwapOrNull,
                r.getString(11),
                r.getInt(13));
        return new StoredBar(bar, ingestedAt, Coverage.parse(r.getString(14)));
    }

    private static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L);
    }
}
