package dev.ticktape.app.wiring;

import dev.ticktape.adapters.ndjson.FileTailer;
import dev.ticktape.adapters.ndjson.LineSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the finite inputs of a process (tailed files read once, stdin) and, when every one has ended, prints one
 * summary line. With {@code --exit-at-end} it first drains the platform (intake stopped, every open bar closed,
 * committed and stored), so the line can say how many bar rows this process wrote, and then lets the process
 * exit; without it the process stays up and the line says so.
 */
public final class ReplayCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayCompletion.class);
    /** How long the drain at the end of a replay may take; whatever is still open then stays in Kafka. */
    public static final Duration EXIT_DRAIN_TIMEOUT = Duration.ofMinutes(2);
    // The process's exit status after an --exit-at-end run (1 when the drain did not complete), set once the
    // summary is printed: main waits for it, as the drain ends the service's wait before the line is out.
    private static final CompletableFuture<Integer> EXIT_STATUS = new CompletableFuture<>();

    /** The counts of the summary line; {@code -1} for a count this process does not see (no sink, no topology). */
    public record Summary(
            long lines,
            long trades,
            long bars,
            long rejected,
            long late,
            long rows1s,
            long rows1m,
            boolean exited,
            boolean drained) {

        /** The one line printed at the end of the inputs. */
        public String line() {
            StringBuilder b = new StringBuilder(String.format(
                    Locale.ROOT,
                    "replay finished: %,d lines, %,d trades, %,d ohlc1s, %,d rejected",
                    lines,
                    trades,
                    bars,
                    rejected));
            if (late >= 0) b.append(String.format(Locale.ROOT, ", %,d late (md.late)", late));
            if (exited && rows1s >= 0) {
                b.append(String.format(Locale.ROOT, ", bars written 1s %,d 1m %,d", rows1s, rows1m));
            }
            if (!exited) {
                b.append("; still running: open bars are stored as the topology closes them (Ctrl-C drains and "
                        + "stops; --exit-at-end exits here)");
            } else {
                b.append(drained ? "; drained, exiting" : "; drain INCOMPLETE (timed out), exiting with status 1");
            }
            return b.toString();
        }
    }

    private final CompletableFuture<Summary> finished = new CompletableFuture<>();

    private ReplayCompletion() {}

    /** Watches {@code gateway}'s finite inputs; null when it has none. */
    static ReplayCompletion start(Platform platform, GatewayPart gateway, PlatformSpec.Inputs inputs, PrintStream out) {
        if (gateway == null || !inputs.finite()) return null;
        List<CompletableFuture<?>> ends = new ArrayList<>();
        for (FileTailer t : gateway.tailers()) ends.add(t.completion());
        if (gateway.stdin() != null) ends.add(gateway.stdin());
        ReplayCompletion c = new ReplayCompletion();
        // Each input's failure is logged where it happens; the summary comes once all have ended either way.
        CompletableFuture.allOf(ends.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                .thenRunAsync(() -> c.finish(platform, gateway, inputs.exitAtEnd(), out), runner());
        return c;
    }

    private static Executor runner() {
        return r -> {
            Thread t = new Thread(r, "replay-completion");
            t.setDaemon(true);
            t.start();
        };
    }

    private void finish(Platform platform, GatewayPart gateway, boolean exit, PrintStream out) {
        try {
            long lines = 0, trades = 0, accepted = 0, rejected = 0;
            for (FileTailer t : gateway.tailers()) {
                LineSession s = t.session();
                lines += s.lines();
                trades += s.trades();
                accepted += s.accepted();
                rejected += s.rejected();
            }
            LineSession in = gateway.stdin() == null ? null : gateway.stdin().getNow(null);
            if (in != null) {
                lines += in.lines();
                trades += in.trades();
                accepted += in.accepted();
                rejected += in.rejected();
            }
            boolean drained = true;
            if (exit) {
                LOG.info("inputs ended; draining (--exit-at-end, at most {} s)", EXIT_DRAIN_TIMEOUT.toSeconds());
                long deadline = System.nanoTime() + EXIT_DRAIN_TIMEOUT.toNanos();
                // Let the topology reach the inputs' end ticks first: they close every bar the normal way. A drain
                // started at once forced minutes closed mid-backlog and revised them (25 of the 60 minutes of a
                // synthetic 3,600-trade hour; none with this wait).
                platform.awaitStreamsCaughtUp(EXIT_DRAIN_TIMEOUT.dividedBy(2));
                drained = platform.drainAndClose(Platform.remaining(deadline));
            }
            MeterRegistry r = platform.registry();
            Summary summary = new Summary(
                    lines,
                    trades,
                    accepted - trades,
                    rejected,
                    platform.topologyConfig().isPresent() ? (long) sum(r, "ticktape.trades.late") : -1,
                    platform.sink().isPresent() ? rows(r, "ohlc_1s") : -1,
                    platform.sink().isPresent() ? rows(r, "ohlc_1m") : -1,
                    exit,
                    drained);
            out.println(summary.line());
            LOG.info(summary.line());
            finished.complete(summary);
            if (exit) EXIT_STATUS.complete(drained ? 0 : 1);
        } catch (RuntimeException e) {
            LOG.warn("replay summary failed: {}", e.toString());
            finished.completeExceptionally(e);
            if (exit) EXIT_STATUS.complete(1);
        }
    }

    /** Rows written to {@code table} by the store that wrote most (each store counts the same bars). */
    private static long rows(MeterRegistry r, String table) {
        return (long) r.find("ticktape.sink.rows.written").tag("table", table).counters().stream()
                .mapToDouble(Counter::count)
                .max()
                .orElse(0);
    }

    private static double sum(MeterRegistry r, String name) {
        return r.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Completes with the summary once every finite input has ended (and, with --exit-at-end, after the drain). */
    public CompletableFuture<Summary> finished() {
        return finished;
    }

    /**
     * Waits (at most {@code timeout}) until an {@code --exit-at-end} run has printed its summary; returns the status
     * the process exits with: 0, or 1 when the drain did not complete or the wait timed out.
     */
    public static int awaitExitStatus(Duration timeout) {
        try {
            return EXIT_STATUS.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException | TimeoutException e) {
            return 1;
        }
    }
}
