package dev.ticktape.app.access;

import java.time.Duration;
import java.util.Map;

/**
 * Row and time limits of {@code POST /v1/sql}: a request may ask for fewer rows or less time, never more.
 *
 * @param defaultRows rows returned when the request names no limit
 * @param maxRows     the most rows a request may ask for ({@code TICKTAPE_SQL_MAX_ROWS})
 * @param maxTimeout  the longest a query may run ({@code TICKTAPE_SQL_TIMEOUT}, seconds), also the default
 */
public record SqlLimits(int defaultRows, int maxRows, Duration maxTimeout) {
    public static final SqlLimits DEFAULTS = new SqlLimits(10_000, 1_000_000, Duration.ofSeconds(30));

    public SqlLimits {
        if (defaultRows < 1 || maxRows < defaultRows) throw new IllegalArgumentException("need 1 <= default <= max");
        if (maxTimeout.isNegative() || maxTimeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
    }

    /** The defaults, overridden by {@code TICKTAPE_SQL_MAX_ROWS} and {@code TICKTAPE_SQL_TIMEOUT} when set. */
    public static SqlLimits from(Map<String, String> env) {
        int max = env.containsKey("TICKTAPE_SQL_MAX_ROWS")
                ? Integer.parseInt(env.get("TICKTAPE_SQL_MAX_ROWS").trim())
                : DEFAULTS.maxRows;
        Duration timeout = env.containsKey("TICKTAPE_SQL_TIMEOUT")
                ? Duration.ofMillis(Math.round(
                        Double.parseDouble(env.get("TICKTAPE_SQL_TIMEOUT").trim()) * 1000))
                : DEFAULTS.maxTimeout;
        return new SqlLimits(Math.min(DEFAULTS.defaultRows, max), max, timeout);
    }

    /** The row limit for a request's {@code limit} (null: the default). */
    int rows(Long requested) {
        if (requested == null) return defaultRows;
        if (requested < 1 || requested > maxRows) {
            throw new IllegalArgumentException("limit must be between 1 and " + maxRows + ", got " + requested);
        }
        return requested.intValue();
    }

    /** The timeout for a request's {@code timeout} in seconds (null: the maximum). */
    Duration timeout(Double seconds) {
        if (seconds == null) return maxTimeout;
        if (!(seconds > 0)) throw new IllegalArgumentException("timeout must be > 0 seconds, got " + seconds);
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        return d.compareTo(maxTimeout) > 0 ? maxTimeout : d;
    }
}
