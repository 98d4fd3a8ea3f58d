package dev.ticktape.app.bench;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * What summaries and features cost the bar path: the same max-rate phase on fresh platforms without them and
 * with them (every window and interval asked for), in one run, in the order without, with, with, without. The
 * figure is the ratio of the mean end-to-end rates (TCP in -> trades in committed 1s bars); the runs with them also
 * report how long after the last bar the last summary was stored.
 */
public final class AnalyticsBench {
    private static final String VENUE = "bench";

    private AnalyticsBench() {}

    /**
     * @param platformFor builds the bench platform's spec, with analytics ({@code true}) or without; each run gets a
     *                    fresh directory from it
     */
    public static void run(Function<Boolean, PlatformSpec> platformFor, Bench.Config cfg, PrintStream out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "bench analytics: four %d s max-rate phases over %d symbols: without, with, with, without summaries and "
                        + "features%n",
                cfg.seconds(),
                cfg.symbols());
        // A-B-B-A: the JIT and the page cache warm up over the run; each side gets one early and one late phase.
        long[] stored = new long[3];
        Bench.Throughput off1 = phase(platformFor.apply(false), cfg, null);
        Bench.Throughput on1 = phase(platformFor.apply(true), cfg, stored);
        Bench.Throughput on2 = phase(platformFor.apply(true), cfg, stored);
        Bench.Throughput off2 = phase(platformFor.apply(false), cfg, null);
        Bench.Throughput off = Bench.Throughput.mean(off1, off2);
        Bench.Throughput on = Bench.Throughput.mean(on1, on2);
        double ratio = on.tradesPerSecond() / off.tradesPerSecond();
        out.println();
        out.println("== ticktape bench --target analytics ==");
        out.printf(
                Locale.ROOT,
                "without analytics  %,.0f trades/s into committed 1s bars (phases 1 and 4: %,.0f, %,.0f)%n",
                off.tradesPerSecond(),
                off1.tradesPerSecond(),
                off2.tradesPerSecond());
        out.printf(
                Locale.ROOT,
                "with analytics     %,.0f trades/s into committed 1s bars (phases 2 and 3: %,.0f, %,.0f)%n",
                on.tradesPerSecond(),
                on1.tradesPerSecond(),
                on2.tradesPerSecond());
        out.printf(
                Locale.ROOT,
                "analytics stored   %,d summaries for %,d 1s bars (every bar, every window); last one %,d ms after "
                        + "the last bar%n",
                stored[0],
                stored[1],
                stored[2]);
        out.printf(Locale.ROOT, "ratio with / without %.2f (cost %.0f%%)%n", ratio, (1 - ratio) * 100);
        out.printf(Locale.ROOT, "target: cost <= 15%% at 1,000 instruments %s%n", Bench.verdict(ratio >= 0.85));
    }

    private static Bench.Throughput phase(PlatformSpec spec, Bench.Config cfg, long[] stored) throws Exception {
        try (Platform p = Platform.start(spec)) {
            if (!p.awaitStreamsRunning(Duration.ofSeconds(60)))
                throw new IllegalStateException("topology did not start");
            Bench.Throughput t = new Bench(p, cfg, System.out).throughput(VENUE);
            if (stored != null) awaitSummaries(p, stored, Duration.ofSeconds(120));
            return t;
        }
    }

    /** Waits until every stored 1s bar has its summaries; fills {summaries, bars, ms after the bars were stored}. */
    private static void awaitSummaries(Platform p, long[] stored, Duration timeout) throws Exception {
        int windows = p.analytics().map(a -> a.summaries().windows().size()).orElse(0);
        long barsAt = System.currentTimeMillis();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = p.database().orElseThrow().openReader()) {
            while (true) {
                stored[1] = count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = '" + VENUE + "'");
                stored[0] = count(c, "SELECT count(*) FROM quotient_summaries WHERE venue = '" + VENUE + "'");
                if (stored[0] >= stored[1] * windows) break;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "timed out: " + stored[0] + " summaries for " + stored[1] + " bars x " + windows);
                }
                Thread.sleep(100); // polling the database the sink writes; no event to wait on
            }
        }
        stored[2] = System.currentTimeMillis() - barsAt;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
