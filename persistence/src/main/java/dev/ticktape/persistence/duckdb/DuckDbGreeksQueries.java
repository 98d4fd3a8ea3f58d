package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.persistence.GreeksSnapshot;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.PersistLatency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code greek_snapshots} from the DuckDB file, each call on its own reader connection. Times are bound and
 * read as epoch microseconds, so the JVM time zone never enters.
 */
public final class DuckDbGreeksQueries implements GreeksSnapshotQueries {
    private final DuckDbDatabase database;

    public DuckDbGreeksQueries(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<GreeksSnapshot> snapshots(
            String broker, String account, String contractKey, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        String sql = "SELECT broker, account, contract_key, underlying, (expiry - DATE '1970-01-01'), strike, "
                + "option_right, "
                + "epoch_us(ts), delta, gamma, theta, vega, rho, iv, underlying_price, mark, epoch_us(received_at), "
                + "epoch_us(persisted_at), availability FROM greek_snapshots WHERE broker = ? AND ts >= make_timestamp(?) "
                + "AND ts < make_timestamp(?)" + (account == null ? "" : " AND account = ?")
                + (contractKey == null ? "" : " AND contract_key = ?")
                + (after == null
                        ? ""
                        : " AND (ts > make_timestamp(?) OR (ts = make_timestamp(?) AND contract_key > ?))")
                + " ORDER BY ts, contract_key LIMIT ?";
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, broker);
            p.setLong(i++, DuckDbBarSink.micros(from));
            p.setLong(i++, DuckDbBarSink.micros(to));
            if (account != null) p.setString(i++, account);
            if (contractKey != null) p.setString(i++, contractKey);
            if (after != null) {
                p.setLong(i++, DuckDbBarSink.micros(after.ts()));
                p.setLong(i++, DuckDbBarSink.micros(after.ts()));
                p.setString(i++, after.tie(0));
            }
            p.setLong(i, limit);
            List<GreeksSnapshot> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(snapshot(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Greeks query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public PersistLatency persistLatency(Instant from, Instant to) {
        String sql = "WITH l AS (SELECT (epoch_us(persisted_at) - epoch_us(received_at)) / 1000.0 AS ms "
                + "FROM greek_snapshots WHERE received_at >= make_timestamp(?) AND received_at < make_timestamp(?)) "
                + "SELECT count(*), quantile_cont(ms, 0.5), quantile_cont(ms, 0.95), quantile_cont(ms, 0.99), "
                + "max(ms) FROM l";
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, DuckDbBarSink.micros(from));
            p.setLong(2, DuckDbBarSink.micros(to));
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long rows = r.getLong(1);
                if (rows == 0) return PersistLatency.EMPTY;
                return new PersistLatency(rows, r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Greeks latency query failed: " + e.getMessage(), e);
        }
    }

    private static GreeksSnapshot snapshot(ResultSet r) throws SQLException {
        OptionContract contract = new OptionContract(
                r.getString(4),
                LocalDate.ofEpochDay(r.getLong(5)),
                r.getDouble(6),
                r.getString(7).charAt(0),
                r.getString(3));
        return new GreeksSnapshot(
                r.getString(1),
                r.getString(2),
                contract,
                micros(r.getLong(8)),
                nullable(r, 9),
                nullable(r, 10),
                nullable(r, 11),
                nullable(r, 12),
                nullable(r, 13),
                nullable(r, 14),
                nullable(r, 15),
                nullable(r, 16),
                micros(r.getLong(17)),
                micros(r.getLong(18)),
                Greeks.Availability.parse(r.getString(19)));
    }

    static Double nullable(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L);
    }
}
