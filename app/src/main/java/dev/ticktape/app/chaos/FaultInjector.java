package dev.ticktape.app.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Applies one planned fault to the running fleet, and brings the target back, recording each step. */
final class FaultInjector {
    private final ProcessFleet fleet;
    private final TcpProxy proxy;
    private final TradeFeed feed;
    private final Timeline timeline;
    private final String venue;
    private long malformedSent;

    FaultInjector(ProcessFleet fleet, TcpProxy proxy, TradeFeed feed, Timeline timeline, String venue) {
        this.fleet = fleet;
        this.proxy = proxy;
        this.feed = feed;
        this.timeline = timeline;
        this.venue = venue;
    }

    /** Malformed lines written so far by bursts. */
    long malformedSent() {
        return malformedSent;
    }

    void apply(FaultSchedule.Step step) throws IOException, InterruptedException {
        String down = String.format(Locale.ROOT, "%.1f s", step.down().toMillis() / 1000.0);
        switch (step.fault()) {
            case GATEWAY_KILL, STREAMS_KILL, PERSIST_KILL, PERSIST_PG_KILL, BROKER_KILL -> {
                ChildJvm c = fleet.get(step.target());
                long pid = c.pid();
                c.kill();
                timeline.add(step.target() + " kill -9 (pid " + pid + "), down for " + down);
                park(step.down());
                restart(c);
            }
            case BROKER_BOUNCE -> {
                ChildJvm c = fleet.get(step.target());
                long t = System.nanoTime();
                boolean clean = c.terminate(Duration.ofSeconds(60));
                timeline.add(String.format(
                        Locale.ROOT,
                        "broker stopped with SIGTERM in %.1f s%s",
                        (System.nanoTime() - t) / 1e9,
                        clean ? "" : " (needed SIGKILL)"));
                restart(c);
            }
            case PG_OUTAGE -> {
                int cut = proxy.cut();
                timeline.add("postgres outage: " + cut + " connections cut at the proxy, new ones refused for " + down);
                park(step.down());
                proxy.restore();
                timeline.add("postgres reachable again (" + proxy.refused() + " connections refused so far)");
            }
            case MALFORMED_BURST -> {
                int n = MalformedBurst.send(
                        "127.0.0.1", fleet.gatewayPort(), venue, feed.symbols().get(0), MalformedBurst.LINES);
                malformedSent += n;
                timeline.add("malformed burst: " + n + " bad lines sent on their own connection");
            }
            case CONNECTION_CUT -> {
                try {
                    feed.cutMidLine().get(10, TimeUnit.SECONDS);
                    timeline.add("load connection cut in the middle of a line; the load reconnects");
                } catch (ExecutionException | TimeoutException e) {
                    timeline.add("load connection cut not done: " + e.getMessage());
                }
            }
        }
    }

    private void restart(ChildJvm c) throws IOException {
        long t = System.nanoTime();
        c.start();
        c.awaitReady(ProcessFleet.READY_TIMEOUT);
        timeline.add(String.format(
                Locale.ROOT,
                "%s restarted (pid %d), ready in %.1f s",
                c.name(),
                c.pid(),
                (System.nanoTime() - t) / 1e9));
    }

    private static void park(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) LockSupport.parkNanos(until - System.nanoTime());
    }
}
