package dev.ticktape.persistence.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One parameterised read on its own short-lived reader connection, so reads run concurrently with the sinks'
 * writes. Arguments are bound in order with {@code setObject}; times go in as epoch microseconds for
 * {@code make_timestamp(?)}.
 */
final class DuckDbRead {
    /** Maps the current row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    private DuckDbRead() {}

    /**
     * The mapped rows of {@code sql}.
     *
     * @param what names the query in a failure, e.g. {@code summary query}
     * @throws IllegalStateException when the query fails
     */
    static <T> List<T> list(DuckDbDatabase database, String what, String sql, List<?> args, Row<T> row) {
        try (Connection c = database.openReader();
                PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(row.map(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
