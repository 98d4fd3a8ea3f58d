package dev.ticktape.app.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos run end to end: start the fleet, drive the load, inject the planned faults, stop the load, let the
 * pipeline settle, then judge every store against the oracle and print the timeline and one verdict line each.
 * Exit code 0 only when the intake and every store pass; 1 when a verdict fails; 2 when the run itself could not
 * be carried out (a process never became ready, say).
 */
public final class ChaosRun {
    /** The load's venue label: the run has its own broker and stores, so a fixed label cannot collide. */
    static final String VENUE = "chaos";

    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
    private static final Duration AFTER_LAST_FAULT = Duration.ofSeconds(5);

    private final ChaosSettings settings;
    private final PrintStream out;
    private final Timeline timeline = new Timeline();

    public ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public int run() throws IOException, InterruptedException {
        Path dir = settings.baseDir() == null
                ? Files.createTempDirectory("ticktape-chaos-")
                : Files.createTempDirectory(
                        Files.createDirectories(settings.baseDir().toAbsolutePath()), "ticktape-chaos-");
        FaultSchedule plan =
                FaultSchedule.plan(settings.faults(), settings.load(), settings.seed(), settings.postgres());
        printPlan(dir, plan);
        ChaosDatabase db = null;
        TcpProxy proxy = null;
        ProcessFleet fleet = null;
        int code = 2;
        try {
            if (settings.postgres()) {
                db = ChaosDatabase.create(
                        settings.pgUrl(),
                        Long.toHexString(settings.seed()) + "_"
                                + ProcessHandle.current().pid());
                proxy = new TcpProxy(db.host(), db.port());
                timeline.add("postgres database " + db.name()
                        + " created; persist-pg reaches it through the proxy on port " + proxy.port());
            }
            fleet = new ProcessFleet(
                    dir,
                    VENUE,
                    db == null ? null : db.urlVia("127.0.0.1", proxy.port()),
                    db == null ? Map.of() : db.env());
            timeline.add("starting " + fleet.all().size() + " processes");
            fleet.startAll();
            timeline.add("all processes ready: "
                    + fleet.all().stream().map(c -> c.name() + "=" + c.pid()).collect(Collectors.joining(" ")));
            code = runLoadAndJudge(fleet, proxy, db, plan);
            return code;
        } catch (IOException | SQLException | RuntimeException e) {
            timeline.add("run aborted: " + e.getMessage());
            log.debug("chaos run aborted", e);
            timeline.print(out);
            out.println("chaos: the run could not be carried out: " + e.getMessage());
            return 2;
        } finally {
            if (fleet != null) fleet.close();
            if (proxy != null) proxy.close();
            cleanUp(dir, db, code);
        }
    }

    private int runLoadAndJudge(ProcessFleet fleet, TcpProxy proxy, ChaosDatabase db, FaultSchedule plan)
            throws IOException, InterruptedException, SQLException {
        TradeFeed feed = new TradeFeed(
                "127.0.0.1", fleet.gatewayPort(), VENUE, settings.symbols(), settings.rate(), settings.seed());
        FaultInjector faults = new FaultInjector(fleet, proxy, feed, timeline, VENUE);
        long loadStart = timeline.now();
        feed.start();
        timeline.add(String.format(
                Locale.ROOT,
                "load started: %d trades/s over %d symbols for %d s",
                settings.rate(),
                settings.symbols(),
                settings.load().toSeconds()));
        for (FaultSchedule.Step step : plan.steps()) {
            waitUntil(loadStart + step.at().toMillis());
            faults.apply(step);
        }
        // Every fault's recovery is seen under load, even when the faults ran past the planned end.
        waitUntil(Math.max(loadStart + settings.load().toMillis(), timeline.now() + AFTER_LAST_FAULT.toMillis()));
        feed.stop();
        SentTrades sent = feed.sent();
        timeline.add("load stopped: " + sent.size() + " trades sent over "
                + feed.connections().size() + " connections");

        try (KafkaAudit audit = new KafkaAudit(fleet.bootstrap(), VENUE)) {
            return judge(fleet, db, feed, faults, audit);
        }
    }

    private int judge(ProcessFleet fleet, ChaosDatabase db, TradeFeed feed, FaultInjector faults, KafkaAudit audit)
            throws IOException, InterruptedException {
        SentTrades sent = feed.sent();
        KafkaAudit.Snapshot logged = audit.catchUp(sent.size(), Duration.ofSeconds(120));
        Map<Bar.Key, Bar> expected = BarOracle.expected(sent, feed.symbols(), logged.accepted(), logged.late());
        long expectedTrades = expected.values().stream().mapToLong(Bar::trades).sum();
        timeline.add("md.trades read: " + logged.accepted().cardinality() + " of the sent trades accepted, "
                + logged.late().cardinality() + " late; oracle: " + expected.size() + " bars, " + expectedTrades
                + " trades");

        List<BarStore> stores = new ArrayList<>();
        stores.add(new DuckDbStore(fleet.persistHttp(), VENUE));
        if (db != null) stores.add(new PostgresStore(db, VENUE));
        List<Verdict> verdicts = new ArrayList<>();
        for (BarStore s : stores) {
            settle(s, expected.size(), expectedTrades);
            verdicts.add(Verdicts.compare(
                    s.name(),
                    sent.size(),
                    logged.accepted().cardinality(),
                    logged.late().cardinality(),
                    expected,
                    s.bars()));
        }
        // Re-read the log: a trade appearing only now would make a store look doubled; say so if it happens.
        KafkaAudit.Snapshot again = audit.catchUp(sent.size(), Duration.ofSeconds(120));
        if (again.accepted().cardinality() != logged.accepted().cardinality()) {
            timeline.add("md.trades grew after the load stopped: "
                    + logged.accepted().cardinality() + " -> "
                    + again.accepted().cardinality() + " accepted");
        }
        Intake intake = Intake.of(sent, feed.connections(), again, faults.malformedSent());
        // The verdict is in: a stop is a courtesy to --keep, so a drain that hangs is cut short.
        List<String> forced = fleet.stopAll(Duration.ofSeconds(15));
        timeline.add("processes stopped with SIGTERM" + (forced.isEmpty() ? "" : "; needed SIGKILL: " + forced));

        timeline.print(out);
        out.println("verdict:");
        out.println(intake.line());
        boolean ok = intake.ok();
        for (Verdict v : verdicts) {
            out.println(v.line());
            if (!v.ok()) v.examples().forEach(e -> out.println("    " + e));
            ok &= v.ok();
        }
        out.println(
                ok
                        ? "chaos: PASSED: nothing accepted was lost, nothing was doubled"
                        : "chaos: FAILED (seed " + settings.seed() + "; logs in "
                                + fleet.get(ProcessFleet.BROKER).log().getParent() + ")");
        return ok ? 0 : 1;
    }

    /** Polls a store until it holds the oracle's bar and trade totals, or the settle deadline passes. */
    private void settle(BarStore store, long bars, long trades) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + settings.settleTimeout().toNanos();
        BarStore.Totals last = null;
        String error = null;
        while (System.nanoTime() < deadline) {
            try {
                last = store.totals();
                error = null;
                if (last.bars() == bars && last.trades() >= trades) {
                    timeline.add(String.format(
                            Locale.ROOT,
                            "%s settled in %.1f s: %d bars, %d trades",
                            store.name(),
                            (System.nanoTime() - start) / 1e9,
                            last.bars(),
                            last.trades()));
                    return;
                }
            } catch (IOException e) {
                error = e.getMessage(); // the persist may be restarting; keep polling until the deadline
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        timeline.add(store.name() + " not settled after "
                + settings.settleTimeout().toSeconds() + " s: "
                + (last == null
                        ? "unreadable (" + error + ")"
                        : last.bars() + " of " + bars + " bars, " + last.trades() + " of " + trades + " trades"));
    }

    private void waitUntil(long atMs) {
        long ms;
        while ((ms = atMs - timeline.now()) > 0) LockSupport.parkNanos(ms * 1_000_000);
    }

    private void printPlan(Path dir, FaultSchedule plan) {
        out.printf(
                Locale.ROOT,
                "ticktape chaos: seed %d, load %d s at %d trades/s over %d symbols, stores duckdb%s, directory %s%n",
                settings.seed(),
                settings.load().toSeconds(),
                settings.rate(),
                settings.symbols(),
                settings.postgres() ? " and postgres" : "",
                dir);
        out.println("fault plan (seconds into the load):");
        for (FaultSchedule.Step s : plan.steps()) {
            out.printf(
                    Locale.ROOT,
                    "  %6.1f  %-16s %-15s %s%n",
                    s.at().toMillis() / 1000.0,
                    s.fault().flag(),
                    s.target(),
                    s.down().isZero() ? "" : "down " + s.down().toMillis() / 1000.0 + " s");
        }
        if (!plan.skipped().isEmpty()) {
            out.println("  skipped without --pg-url: "
                    + plan.skipped().stream().map(Fault::flag).collect(Collectors.joining(", ")));
        }
        out.flush();
    }

    private void cleanUp(Path dir, ChaosDatabase db, int code) {
        if (db != null && !settings.keep()) {
            try {
                db.drop();
            } catch (SQLException e) {
                log.warn("chaos: could not drop PostgreSQL database {}: {}", db.name(), e.getMessage());
            }
        }
        if (settings.keep() || code != 0) {
            out.println("chaos: kept " + dir + (db != null && settings.keep() ? " and database " + db.name() : ""));
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("chaos: could not delete {}: {}", dir, e.getMessage());
        }
    }
}
