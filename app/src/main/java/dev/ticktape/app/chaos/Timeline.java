package dev.ticktape.app.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the run did and when, in seconds since it started: logged as it happens, printed again at the end. */
final class Timeline {
    record Event(long atMs, String what) {}

    private static final Logger log = LoggerFactory.getLogger(Timeline.class);
    private final long t0 = System.nanoTime();
    private final List<Event> events = new ArrayList<>();

    synchronized void add(String what) {
        Event e = new Event((System.nanoTime() - t0) / 1_000_000, what);
        events.add(e);
        log.info("chaos {}: {}", seconds(e.atMs()), what);
    }

    /** Milliseconds since the run started. */
    long now() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    synchronized void print(PrintStream out) {
        out.println("timeline (seconds since start):");
        for (Event e : events) out.printf(Locale.ROOT, "  %8s  %s%n", seconds(e.atMs()), e.what());
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "+%.1fs", ms / 1000.0);
    }
}
