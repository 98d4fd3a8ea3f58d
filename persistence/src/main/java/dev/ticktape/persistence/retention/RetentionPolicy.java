package dev.ticktape.persistence.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long each tier is kept. Data ages out by whole UTC days: with {@code now - keep} falling on day D, everything
 * before D 00:00 UTC goes, so at least {@code keep} is always kept. 1m bars are rolled up into {@code ohlc_5m}
 * before they go. The analytics tables follow the tier of their input bars: summaries and 1s features the 1s tier,
 * 1m features and the feed status the 1m tier. Decisions (of 1s bars) follow the 1s tier like the bars themselves.
 *
 * <p>Bars and decisions age out only when they are live data ({@code source_file} {@code live:SYMBOL}) unless
 * {@code includeReplays}: a replay of history is loaded on purpose, and a policy meant for the live feed would
 * otherwise delete it at the next run without anyone asking for that.
 */
public record RetentionPolicy(Duration bars1s, Duration bars1m, Duration greeks, boolean includeReplays) {
    /** The {@code source_file} prefix of live bars; everything else (files, stdin) is a replay. */
    public static final String LIVE_PREFIX = "live:";

    public RetentionPolicy {
        for (Duration d : new Duration[] {bars1s, bars1m, greeks}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("retention must be > 0");
        }
    }

    /** A policy for live bars only (replayed bars are kept). */
    public RetentionPolicy(Duration bars1s, Duration bars1m, Duration greeks) {
        this(bars1s, bars1m, greeks, false);
    }

    /** 1s bars 7 days, 1m bars 30 days, Greeks snapshots 30 days; live bars only. */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(30));
    }

    /** The same tiers, applied to replayed bars too (or not). */
    public RetentionPolicy withIncludeReplays(boolean include) {
        return new RetentionPolicy(bars1s, bars1m, greeks, include);
    }

    /** The first UTC day kept for a tier of length {@code keep}. */
    public static LocalDate firstKeptDay(Instant now, Duration keep) {
        return LocalDate.ofInstant(now.minus(keep), ZoneOffset.UTC);
    }

    /** True for a bar's {@code source_file} that marks live data (null: the sinks store it as live). */
    public static boolean isLive(String sourceFile) {
        return sourceFile == null || sourceFile.startsWith(LIVE_PREFIX);
    }

    /**
     * One line for banners and logs, e.g. {@code 1s bars 7d, 1m bars 30d (then 5m), greeks 30d; summaries, 1s
     * features and decisions as 1s bars, 1m features and feed status as 1m bars; live bars only (replayed bars
     * kept)}.
     */
    public String describe() {
        return "1s bars " + human(bars1s) + ", 1m bars " + human(bars1m) + " (then 5m), greeks " + human(greeks)
                + "; summaries, 1s features and decisions as 1s bars, 1m features and feed status as 1m bars"
                + (includeReplays ? "; live and replayed bars" : "; live bars only (replayed bars kept)");
    }

    /** {@code 7d}, {@code 36h}, {@code 90m}, else the ISO form: the units the retention flags take. */
    public static String human(Duration d) {
        if (d.toSeconds() % 86_400 == 0) return d.toDays() + "d";
        if (d.toSeconds() % 3_600 == 0) return d.toHours() + "h";
        if (d.toSeconds() % 60 == 0) return d.toMinutes() + "m";
        return d.toString();
    }
}
