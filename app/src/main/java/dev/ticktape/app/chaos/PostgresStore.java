package dev.ticktape.app.chaos;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** The run's own PostgreSQL database, read over JDBC directly (not through the proxy the persist uses). */
final class PostgresStore implements BarStore {
    private final ChaosDatabase db;
    private final String venue;

    PostgresStore(ChaosDatabase db, String venue) {
        this.db = db;
        this.venue = venue;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Totals totals() throws IOException {
        try (Connection c = db.connect();
                PreparedStatement st =
                        c.prepareStatement("SELECT count(*), coalesce(sum(trades), 0) FROM ohlc_1s WHERE venue = ?")) {
            st.setString(1, venue);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<Bar.Key, Bar> bars() throws IOException {
        Map<Bar.Key, Bar> out = new TreeMap<>();
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(
                        "SELECT symbol, (extract(epoch FROM \"timestamp\") * 1000)::bigint, open, high, low, close,"
                                + " volume, trades FROM ohlc_1s WHERE venue = ?")) {
            st.setString(1, venue);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Bar b = new Bar(
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getDouble(5),
                            rs.getDouble(6),
                            rs.getDouble(7),
                            rs.getLong(8));
                    out.merge(new Bar.Key(rs.getString(1), rs.getLong(2)), b, Verdicts::doubled);
                }
            }
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: " + e.getMessage(), e);
        }
        return out;
    }
}
