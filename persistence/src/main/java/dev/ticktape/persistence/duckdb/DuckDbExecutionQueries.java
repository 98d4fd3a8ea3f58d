package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Execution;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredExecution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code executions} (account fills) from the DuckDB file, each call on its own reader connection. */
public final class DuckDbExecutionQueries implements ExecutionQueries {
    private final DuckDbDatabase database;

    public DuckDbExecutionQueries(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredExecution> executions(
            String broker, String account, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        String sql = "SELECT broker, exec_id, account, order_id, symbol, side, price, qty, epoch_us(ts), "
                + "contract_key, underlying, (expiry - DATE '1970-01-01'), strike, option_right, "
                + "epoch_us(received_at), "
                + "epoch_us(persisted_at) FROM executions WHERE ts >= make_timestamp(?) AND ts < make_timestamp(?)"
                + (broker == null ? "" : " AND broker = ?") + (account == null ? "" : " AND account = ?")
                + (after == null
                        ? ""
                        : " AND (ts > make_timestamp(?) OR (ts = make_timestamp(?) AND (broker > ? OR (broker = ? AND exec_id > ?))))")
                + " ORDER BY ts, broker, exec_id LIMIT ?";
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setLong(i++, DuckDbBarSink.micros(from));
            p.setLong(i++, DuckDbBarSink.micros(to));
            if (broker != null) p.setString(i++, broker);
            if (account != null) p.setString(i++, account);
            if (after != null) {
                p.setLong(i++, DuckDbBarSink.micros(after.ts()));
                p.setLong(i++, DuckDbBarSink.micros(after.ts()));
                p.setString(i++, after.tie(0));
                p.setString(i++, after.tie(0));
                p.setString(i++, after.tie(1));
            }
            p.setLong(i, limit);
            List<StoredExecution> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(execution(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("execution query failed: " + e.getMessage(), e);
        }
    }

    private static StoredExecution execution(ResultSet r) throws SQLException {
        String occ = r.getString(10);
        OptionContract contract = occ == null
                ? null
                : new OptionContract(
                        r.getString(11),
                        LocalDate.ofEpochDay(r.getLong(12)),
                        r.getDouble(13),
                        r.getString(14).charAt(0),
                        occ);
        Instant received = DuckDbGreeksQueries.micros(r.getLong(15));
        Execution x = new Execution(
                r.getString(1),
                r.getString(5),
                Math.floorDiv(r.getLong(9), 1000L),
                received.toEpochMilli(),
                r.getString(3),
                r.getString(4),
                r.getString(2),
                Side.parse(r.getString(6)),
                r.getDouble(7),
                r.getDouble(8),
                contract);
        return new StoredExecution(x, received, DuckDbGreeksQueries.micros(r.getLong(16)));
    }
}
