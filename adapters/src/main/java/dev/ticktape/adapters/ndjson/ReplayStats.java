package dev.ticktape.adapters.ndjson;

import dev.ticktape.model.codec.LogText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What one file input has read: lines (accepted trades and {@code ohlc1s} bars, rejected, blank), the event time
 * span accepted, bytes, and how long it took. Formats the periodic progress line and the end-of-replay summary.
 */
public record ReplayStats(
        String label,
        long lines,
        long trades,
        long bars,
        long rejected,
        long blank,
        long firstEventMs,
        long lastEventMs,
        long bytes,
        Duration elapsed) {

    /** Lines per second over the whole run so far. */
    public double linesPerSecond() {
        return lines / Math.max(elapsed.toNanos() / 1e9, 1e-3);
    }

    /**
     * {@code replay file:x: 1,234,000 lines (61,700 lines/s), event time 2024-05-01T10:00:00Z, 41% of 98.1 MB, ETA
     * 29 s}; {@code fileBytes} below 0 (a followed file) leaves out the share and the ETA.
     */
    public String progress(long fileBytes) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "replay %s: %,d lines (%,.0f lines/s), %,d rejected, event time %s",
                LogText.printable(label),
                lines,
                linesPerSecond(),
                rejected,
                time(lastEventMs)));
        if (fileBytes > 0) {
            double share = Math.min(1.0, bytes / (double) fileBytes);
            double secs = elapsed.toNanos() / 1e9;
            long eta = bytes == 0 ? -1 : Math.round(secs * (fileBytes - bytes) / bytes);
            b.append(String.format(Locale.ROOT, ", %.0f%% of %.1f MB", share * 100, fileBytes / 1e6));
            b.append(eta < 0 ? ", ETA unknown" : ", ETA " + eta + " s");
        }
        return b.toString();
    }

    /**
     * {@code replay file:x finished in 12.3 s: 70,000 lines (5,691 lines/s), 69,990 trades, 0 ohlc1s, 8 rejected,
     * 2 blank; event time 2024-05-01T10:00:00Z .. 2024-05-01T11:00:00Z}.
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "replay %s finished in %.1f s: %,d lines (%,.0f lines/s), %,d trades, %,d ohlc1s, %,d rejected, %,d "
                        + "blank; event time %s .. %s",
                LogText.printable(label),
                elapsed.toNanos() / 1e9,
                lines,
                linesPerSecond(),
                trades,
                bars,
                rejected,
                blank,
                time(firstEventMs),
                time(lastEventMs));
    }

    private static String time(long ms) {
        return ms == Long.MAX_VALUE || ms == Long.MIN_VALUE
                ? "-"
                : Instant.ofEpochMilli(ms).toString();
    }
}
