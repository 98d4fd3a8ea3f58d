package dev.ticktape.app.cli;

import java.io.PrintStream;
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

    void print(PrintStream out, String title, long startNanos) {
        out.printf(Locale.ROOT, "ticktape %s ready in %.1f s%n", title, (System.nanoTime() - startNanos) / 1e9);
        lines.forEach(out::println);
        out.flush();
    }
}
