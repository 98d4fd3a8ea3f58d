package dev.ticktape.app.bench;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * What open dashboard pages cost the bar path: the same max-rate phase on fresh platforms with no page and with
 * {@code pages} pages ({@link PageCrowd}), in the order without, with, with, without, after one uncounted warm-up
 * phase. The pages' clients run on the
 * same cores as the platform, so the figure is an upper bound of what the pages cost the server.
 */
public final class DashboardBench {
    private static final String VENUE = "bench";

    private DashboardBench() {}

    public static void run(Function<Boolean, PlatformSpec> platformFor, Bench.Config cfg, int pages, PrintStream out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "bench dashboard: a warm-up, then four %d s max-rate phases over %d symbols: without pages, with %d, "
                        + "with %d, without%n",
                cfg.seconds(),
                cfg.symbols(),
                pages,
                pages);
        PageCrowd.Served[] served = new PageCrowd.Served[2];
        long[] phaseMs = new long[2];
        long[] phaseCpuMs = new long[2];
        // A JVM's first phase runs at a fraction of its later speed (JIT, page cache): far more than the effect
        // measured here, so one warm-up phase runs first and is not counted.
        Bench.Throughput warm = phase(platformFor.apply(false), cfg, 0, null, 0, null, null);
        out.printf(Locale.ROOT, "warm-up phase (not counted): %,.0f trades/s%n", warm.tradesPerSecond());
        Bench.Throughput off1 = phase(platformFor.apply(false), cfg, 0, null, 0, null, null);
        Bench.Throughput on1 = phase(platformFor.apply(true), cfg, pages, served, 0, phaseMs, phaseCpuMs);
        Bench.Throughput on2 = phase(platformFor.apply(true), cfg, pages, served, 1, phaseMs, phaseCpuMs);
        Bench.Throughput off2 = phase(platformFor.apply(false), cfg, 0, null, 0, null, null);
        Bench.Throughput off = Bench.Throughput.mean(off1, off2);
        Bench.Throughput on = Bench.Throughput.mean(on1, on2);
        double ratio = on.tradesPerSecond() / off.tradesPerSecond();
        out.println();
        out.println("== ticktape bench --target dashboard ==");
        out.printf(
                Locale.ROOT,
                "without pages      %,.0f trades/s into committed 1s bars (phases 1 and 4: %,.0f, %,.0f)%n",
                off.tradesPerSecond(),
                off1.tradesPerSecond(),
                off2.tradesPerSecond());
        out.printf(
                Locale.ROOT,
                "with %d pages      %,.0f trades/s into committed 1s bars (phases 2 and 3: %,.0f, %,.0f)%n",
                pages,
                on.tradesPerSecond(),
                on1.tradesPerSecond(),
                on2.tradesPerSecond());
        for (int i = 0; i < 2; i++) {
            PageCrowd.Served s = served[i];
            double secs = phaseMs[i] / 1000.0;
            out.printf(
                    Locale.ROOT,
                    "pages served (%d)  %d streams: %,d events, %,.1f MB, %.1f socket reads/s per stream; %,d polls, "
                            + "%d failed%n",
                    i + 2,
                    s.streams(),
                    s.events(),
                    s.bytes() / 1e6,
                    s.reads() / secs / Math.max(1, s.streams()),
                    s.polls(),
                    s.failures());
            out.printf(
                    Locale.ROOT,
                    "pages' own CPU (%d)  %.1f CPU-s of the %.1f CPU-s this process used in the phase (%.0f%%): the"
                            + " clients' share, which browsers elsewhere would not take from the bar path%n",
                    i + 2,
                    s.clientCpuMs() / 1000.0,
                    phaseCpuMs[i] / 1000.0,
                    100.0 * s.clientCpuMs() / Math.max(1, phaseCpuMs[i]));
        }
        out.printf(Locale.ROOT, "ratio with / without %.2f (cost %.0f%%)%n", ratio, (1 - ratio) * 100);
        out.printf(
                Locale.ROOT,
                "target: %d open pages cost the bar path <= 10%% %s%n",
                pages,
                Bench.verdict(ratio >= 0.90));
    }

    private static Bench.Throughput phase(
            PlatformSpec spec,
            Bench.Config cfg,
            int pages,
            PageCrowd.Served[] served,
            int slot,
            long[] phaseMs,
            long[] phaseCpuMs)
            throws Exception {
        try (Platform p = Platform.start(spec)) {
            if (!p.awaitStreamsRunning(Duration.ofSeconds(60)))
                throw new IllegalStateException("topology did not start");
            if (pages == 0) return new Bench(p, cfg, System.out).throughput(VENUE);
            try (PageCrowd crowd = PageCrowd.open("http://127.0.0.1:" + p.httpPort(), pages)) {
                long t0 = System.currentTimeMillis();
                long cpu0 = processCpuMs();
                Bench.Throughput t = new Bench(p, cfg, System.out).throughput(VENUE);
                phaseMs[slot] = System.currentTimeMillis() - t0;
                phaseCpuMs[slot] = processCpuMs() - cpu0;
                served[slot] = crowd.served();
                return t;
            }
        }
    }

    /** CPU time this JVM has used, in ms (every thread: platform, load, page clients). */
    private static long processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }
}
