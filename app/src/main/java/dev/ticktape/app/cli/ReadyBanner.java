package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.persistence.retention.RetentionPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one block a process prints on stdout when it is ready: what listens where. */
final class ReadyBanner {
    private final List<String> lines = new ArrayList<>();

    ReadyBanner add(String what, String where) {
        lines.add(String.format(Locale.ROOT, "  %-18s %s", what, where));
        return this;
    }

    /** The active policy as operators write it: {@code ohlc_1s 7d, ohlc_1m 30d, greeks 30d (every 1h)}. */
    static String retention(PlatformSpec.RetentionSpec r) {
        RetentionPolicy p = r.policy();
        return "ohlc_1s " + human(p.bars1s()) + ", ohlc_1m " + human(p.bars1m()) + ", greeks " + human(p.greeks())
                + " (every " + human(r.every()) + ")";
    }

    /** The largest whole unit of d, in the flag syntax ({@code 7d}, {@code 36h}, {@code 90m}, {@code 45s}). */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        if (s != 0 && s % 86_400 == 0) return s / 86_400 + "d";
        if (s != 0 && s % 3_600 == 0) return s / 3_600 + "h";
        if (s != 0 && s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    void print(PrintStream out, String title, long startNanos) {
        out.printf(Locale.ROOT, "ticktape %s ready in %.1f s%n", title, (System.nanoTime() - startNanos) / 1e9);
        lines.forEach(out::println);
        out.flush();
    }
}
