package dev.ticktape.app;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summaries and intraday features recomputed from the stored bars with DuckDB SQL alone (window functions, a
 * self-join per window and a recursive CTE for Wilder's smoothing), written from docs/analytics.md and not from the
 * topology's code, and compared with what the pipeline stored. A value agrees when it is within 1e-9 relative (plus
 * 1e-12 absolute, for quantities that are zero up to rounding); a row that only one side has is a mismatch.
 */
final class AnalyticsOracle {
    private static final String[] SUMMARY_FIELDS = {
        "bars",
        "expected",
        "coverage",
        "first_close",
        "last_close",
        "log_return",
        "mean_close",
        "stdev_close",
        "min_close",
        "max_close",
        "slope",
        "slope_norm",
        "zscore",
        "realized_vol",
        "volume",
        "vwap",
        "revision"
    };

    private AnalyticsOracle() {}

    /** Mismatching rows (at most {@code limit} described) between stored and recomputed summaries of one window. */
    static List<String> summaryMismatches(Connection c, String venue, long windowMs, int limit) throws SQLException {
        long l = windowMs;
        String oracle = "WITH b AS (SELECT venue, symbol, epoch_ms(\"timestamp\") AS t, close, volume, "
                + "coalesce(vwap, close) AS p, revision, lag(close) OVER w AS prev_close, "
                + "lag(epoch_ms(\"timestamp\")) OVER w AS prev_t FROM ohlc_1s WHERE venue = '" + venue + "' "
                + "WINDOW w AS (PARTITION BY venue, symbol ORDER BY \"timestamp\")), "
                // Each bar e ends a window [e.t + 1000 - L, e.t + 1000); starts are whole seconds.
                + "o AS (SELECT e.venue, e.symbol, e.t + 1000 AS end_ms, count(*) AS bars, "
                + "arg_min(b.close, b.t) AS first_close, arg_max(b.close, b.t) AS last_close, "
                + "avg(b.close) AS mean_close, stddev_pop(b.close) AS sd, min(b.close) AS min_close, "
                + "max(b.close) AS max_close, regr_slope(b.close, (b.t - (e.t + 1000 - " + l + ")) / 1000.0) AS sl, "
                + "sum(CASE WHEN b.prev_t >= e.t + 1000 - " + l + " THEN ln(b.close / b.prev_close) ^ 2 END) AS rv2, "
                + "sum(b.volume) AS volume, sum(b.p * b.volume) AS pv, sum(b.revision) AS revision "
                + "FROM b e JOIN b ON b.venue = e.venue AND b.symbol = e.symbol AND b.t > e.t - " + l
                + " AND b.t <= e.t GROUP BY e.venue, e.symbol, e.t) "
                + "SELECT venue, symbol, end_ms, bars, " + (l / 1000) + " AS expected, bars / " + (l / 1000.0)
                + " AS coverage, first_close, last_close, ln(last_close / first_close) AS log_return, mean_close, "
                // Equal closes have no spread: exactly 0, never a rounding residue.
                + "CASE WHEN max_close > min_close THEN sd ELSE 0 END AS stdev_close, min_close, max_close, "
                + "CASE WHEN bars >= 2 THEN sl END AS slope, CASE WHEN bars >= 2 THEN sl / mean_close END AS slope_norm, "
                + "CASE WHEN max_close > min_close THEN (last_close - mean_close) / sd END AS zscore, "
                + "CASE WHEN bars >= 2 THEN sqrt(coalesce(rv2, 0) * 31536000 / " + (l / 1000.0)
                + ") END AS realized_vol, volume, CASE WHEN volume > 0 THEN pv / volume END AS vwap, revision FROM o";
        String stored = "SELECT venue, symbol, epoch_ms(end_ts) AS end_ms, "
                + String.join(", ", SUMMARY_FIELDS) + " FROM quotient_summaries WHERE venue = '" + venue
                + "' AND window_ms = " + l;
        return mismatches(c, oracle, stored, List.of("venue", "symbol", "end_ms"), List.of(SUMMARY_FIELDS), limit);
    }

    /**
     * Mismatching (bar, feature) pairs between stored 1m features and the features recomputed from {@code ohlc_1m};
     * sessions are UTC days (the rule for every venue but the US equity ones).
     */
    static List<String> featureMismatches(Connection c, String venue, double barsPerYear, int limit)
            throws SQLException {
        String s = "PARTITION BY venue, symbol, session_date ORDER BY ts";
        String oracle = "WITH RECURSIVE b AS (SELECT venue, symbol, epoch_ms(\"timestamp\") AS ts, "
                + "CAST(\"timestamp\" AS DATE) AS session_date, open, high, low, close, volume, "
                + "coalesce(vwap, close) AS p FROM ohlc_1m WHERE venue = '" + venue + "'), "
                + "r AS (SELECT *, row_number() OVER (" + s + ") AS k, lag(close) OVER (" + s + ") AS prev_close "
                + "FROM b), "
                + "g AS (SELECT *, ln(close / prev_close) AS lr, greatest(close - prev_close, 0) AS gain, "
                + "greatest(prev_close - close, 0) AS loss FROM r), "
                + "w(venue, symbol, session_date, k, ag, ad) AS ("
                + "SELECT venue, symbol, session_date, 15, avg(gain), avg(loss) FROM g WHERE k BETWEEN 2 AND 15 "
                + "GROUP BY venue, symbol, session_date HAVING count(*) = 14 "
                + "UNION ALL SELECT w.venue, w.symbol, w.session_date, w.k + 1, (13 * w.ag + g.gain) / 14, "
                + "(13 * w.ad + g.loss) / 14 FROM w JOIN g ON g.venue = w.venue AND g.symbol = w.symbol "
                + "AND g.session_date = w.session_date AND g.k = w.k + 1), "
                + "x AS (SELECT venue, symbol, session_date, ts, k, close, volume, "
                + "sum(p * volume) OVER run AS pv, sum(volume) OVER run AS v, first_value(open) OVER run AS o1, "
                + "max(high) OVER run AS hi, min(low) OVER run AS lo, lag(close, 20) OVER (" + s + ") AS c20, "
                + "avg(lr * lr) OVER (" + s + " ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) AS rv20, "
                + "avg(volume) OVER (" + s + " ROWS BETWEEN 20 PRECEDING AND 1 PRECEDING) AS vavg20 "
                + "FROM g WINDOW run AS (" + s + " ROWS UNBOUNDED PRECEDING)), "
                + "f AS (SELECT x.*, CASE WHEN w.ag + w.ad = 0 THEN 50 ELSE 100 * w.ag / (w.ag + w.ad) END AS rsi "
                + "FROM x LEFT JOIN w ON w.venue = x.venue AND w.symbol = x.symbol "
                + "AND w.session_date = x.session_date AND w.k = x.k), "
                + "u AS (SELECT venue, symbol, ts, 'intraday_vwap' AS feature_name, "
                + "CASE WHEN v > 0 THEN pv / v END AS value FROM f "
                + "UNION ALL SELECT venue, symbol, ts, 'intraday_price_to_open', close / o1 - 1 FROM f "
                + "UNION ALL SELECT venue, symbol, ts, 'intraday_range_position', "
                + "CASE WHEN hi = lo THEN 0.5 ELSE (close - lo) / (hi - lo) END FROM f "
                + "UNION ALL SELECT venue, symbol, ts, 'intraday_rsi_14', rsi FROM f "
                + "UNION ALL SELECT venue, symbol, ts, 'intraday_momentum_20', "
                + "CASE WHEN k >= 21 THEN close / c20 - 1 END FROM f "
                + "UNION ALL SELECT venue, symbol, ts, 'intraday_volatility_20', "
                + "CASE WHEN k >= 21 THEN sqrt(rv20) * sqrt(" + barsPerYear + ") END FROM f "
                + "UNION ALL SELECT venue, symbol, ts, 'intraday_volume_ratio', "
                + "CASE WHEN k >= 21 AND vavg20 > 0 THEN volume / vavg20 END FROM f) "
                // An undefined feature has no row.
                + "SELECT * FROM u WHERE value IS NOT NULL";
        String stored = "SELECT venue, symbol, epoch_ms(\"timestamp\") AS ts, feature_name, value "
                + "FROM intraday_features WHERE venue = '" + venue + "' AND bar_interval = '1m' AND version = 'v1'";
        return mismatches(c, oracle, stored, List.of("venue", "symbol", "ts", "feature_name"), List.of("value"), limit);
    }

    /** Rows of the two queries joined on {@code keys}, where one side is missing or a field disagrees. */
    private static List<String> mismatches(
            Connection c, String oracle, String stored, List<String> keys, List<String> fields, int limit)
            throws SQLException {
        StringBuilder on = new StringBuilder();
        for (String k : keys) {
            if (on.length() > 0) on.append(" AND ");
            on.append("o.").append(k).append(" = s.").append(k);
        }
        StringBuilder bad = new StringBuilder("o.")
                .append(keys.get(0))
                .append(" IS NULL OR s.")
                .append(keys.get(0));
        bad.append(" IS NULL");
        StringBuilder cols = new StringBuilder();
        for (String k : keys)
            cols.append("coalesce(o.")
                    .append(k)
                    .append(", s.")
                    .append(k)
                    .append(") AS ")
                    .append(k)
                    .append(", ");
        cols.append("o.")
                .append(keys.get(0))
                .append(" IS NOT NULL AS in_oracle, s.")
                .append(keys.get(0));
        cols.append(" IS NOT NULL AS in_store");
        for (String f : fields) {
            bad.append(" OR (o.")
                    .append(f)
                    .append(" IS NULL) <> (s.")
                    .append(f)
                    .append(" IS NULL)")
                    .append(" OR abs(o.")
                    .append(f)
                    .append(" - s.")
                    .append(f)
                    .append(") > 1e-9 * greatest(abs(o.")
                    .append(f)
                    .append("), abs(s.")
                    .append(f)
                    .append(")) + 1e-12");
            cols.append(", o.")
                    .append(f)
                    .append(" AS oracle_")
                    .append(f)
                    .append(", s.")
                    .append(f)
                    .append(" AS stored_")
                    .append(f);
        }
        String sql = "WITH o AS (" + oracle + "), s AS (" + stored + ") SELECT " + cols
                + " FROM o FULL OUTER JOIN s ON " + on + " WHERE " + bad + " ORDER BY ALL LIMIT " + limit;
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v == null) continue;
                    row.append(md.getColumnLabel(i)).append('=').append(v).append(' ');
                }
                out.add(row.toString().trim());
            }
        }
        return out;
    }

    /** Row count of {@code sql}'s first column as a long. */
    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String describe(List<String> rows) {
        return rows.isEmpty() ? "none" : String.join(String.format(Locale.ROOT, "%n"), rows);
    }
}
