package dev.ticktape.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A synthetic historical trade tape for end-to-end tests: trades over N symbols with event time disordered by up to
 * {@code maxDisorderMs} in send order, and the bars a batch {@code GROUP BY} in DuckDB computes from it.
 */
final class TradeReplay {
    record Tick(int seq, String symbol, long ts, double price, double qty) {
        String json(String venue) {
            return String.format(
                    Locale.ROOT,
                    "{\"type\":\"trade\",\"venue\":\"%s\",\"symbol\":\"%s\",\"ts_ms\":%d,"
                            + "\"price\":%s,\"qty\":%s}\n",
                    venue,
                    symbol,
                    ts,
                    price,
                    qty);
        }
    }

    /** One expected or stored 1s bar row. */
    record Row(
            String symbol,
            long ts,
            double open,
            double high,
            double low,
            double close,
            double volume,
            long trades,
            double vwap) {}

    final List<Tick> ticks;

    /** A tape of the given trades, in sending order. */
    TradeReplay(List<Tick> ticks) {
        this.ticks = List.copyOf(ticks);
    }

    TradeReplay(int trades, int symbols, long baseMs, long spanMs, int maxDisorderMs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<long[]> order = new ArrayList<>();
        List<Tick> raw = new ArrayList<>(trades);
        for (int i = 0; i < trades; i++) {
            long ts = baseMs + (long) ((double) i / trades * spanMs);
            String sym = String.format(Locale.ROOT, "E2E%03d", rnd.nextInt(symbols));
            double price = Math.round((100 + rnd.nextDouble() * 50) * 100) / 100.0;
            double qty = (1 + rnd.nextInt(5000)) / 1000.0;
            raw.add(new Tick(0, sym, ts, price, qty));
            order.add(new long[] {ts + rnd.nextInt(maxDisorderMs + 1), i});
        }
        order.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        ticks = new ArrayList<>(trades);
        int seq = 0;
        for (long[] o : order) {
            Tick t = raw.get((int) o[1]);
            ticks.add(new Tick(seq++, t.symbol(), t.ts(), t.price(), t.qty()));
        }
    }

    void send(int port, String venue, int from, int to) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            for (int i = from; i < to; i++) out.write(ticks.get(i).json(venue).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** The expected 1s bars: DuckDB GROUP BY over the tape (open/close tie-break on arrival order). */
    TreeMap<String, Row> expectedBars() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE tape(seq BIGINT, symbol VARCHAR, ts BIGINT, price DOUBLE, qty DOUBLE)");
            try (DuckDBAppender a = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "tape")) {
                for (Tick t : ticks) {
                    a.beginRow();
                    a.append((long) t.seq());
                    a.append(t.symbol());
                    a.append(t.ts());
                    a.append(t.price());
                    a.append(t.qty());
                    a.endRow();
                }
            }
            return rows(
                    st,
                    "SELECT symbol, (ts // 1000) * 1000 AS sec, arg_min(price, ts * 1000000 + seq),"
                            + " max(price), min(price), arg_max(price, ts * 1000000 + seq), sum(qty), count(*),"
                            + " sum(price * qty) / sum(qty) FROM tape GROUP BY ALL");
        }
    }

    static TreeMap<String, Row> rows(Statement st, String sql) throws SQLException {
        TreeMap<String, Row> out = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Row r = new Row(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getDouble(6),
                        rs.getDouble(7),
                        rs.getLong(8),
                        rs.getDouble(9));
                out.put(r.symbol() + "@" + r.ts(), r);
            }
        }
        return out;
    }

    /** The same columns from a platform's {@code ohlc_1s}. */
    static TreeMap<String, Row> storedBars(Connection c, String venue) throws SQLException {
        try (Statement st = c.createStatement()) {
            return rows(
                    st,
                    "SELECT symbol, epoch_ms(timestamp), open, high, low, close, volume, trades, vwap"
                            + " FROM ohlc_1s WHERE venue = '" + venue + "'");
        }
    }

    static long storedTrades(Connection c, String table, String venue) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT coalesce(sum(trades), 0) FROM " + table + " WHERE venue = '" + venue + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
