package dev.ticktape.app.bench;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What open dashboard pages cost the bar path: the same max-rate phase on fresh platforms with no page and with
 * {@code pages} pages ({@link PageCrowd}), in rounds of without, with, with, without, after one uncounted warm-up
 * phase; the verdict is on the median round, since one round's phases differ by more than the effect on a noisy
 * machine. The pages' clients run on the same cores as the platform (their own CPU is printed), so the figure is
 * an upper bound of what the pages cost the server.
 */
public final class DashboardBench {
    private static final String VENUE = "bench";

    private DashboardBench() {}

    public static void run(
            Function<Boolean, PlatformSpec> platformFor, Bench.Config cfg, int pages, int rounds, PrintStream out)
            throws Exception {
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1");
        out.printf(
                Locale.ROOT,
                "bench dashboard: a warm-up, then %d round(s) of four %d s max-rate phases over %d symbols: without"
                        + " pages, with %d, with %d, without%n",
                rounds,
                cfg.seconds(),
                cfg.symbols(),
                pages,
                pages);
        // A JVM's first phase runs at a fraction of its later speed (JIT, page cache): far more than the effect
        // measured here, so one warm-up phase runs first and is not counted.
        Bench.Throughput warm = phase(platformFor.apply(false), cfg, 0, null, 0, null, null, null, null);
        out.printf(Locale.ROOT, "warm-up phase (not counted): %,.0f trades/s%n", warm.tradesPerSecond());
        List<String> lines = new ArrayList<>();
        List<Double> pageCpu = new ArrayList<>();
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            PageCrowd.Served[] served = new PageCrowd.Served[2];
            long[] phaseMs = new long[2];
            long[] phaseCpuMs = new long[2];
            long[] serverCpuMs = new long[2];
            String[] serverSplit = new String[2];
            Bench.Throughput off1 = phase(platformFor.apply(false), cfg, 0, null, 0, null, null, null, null);
            Bench.Throughput on1 = phase(
                    platformFor.apply(true), cfg, pages, served, 0, phaseMs, phaseCpuMs, serverCpuMs, serverSplit);
            Bench.Throughput on2 = phase(
                    platformFor.apply(true), cfg, pages, served, 1, phaseMs, phaseCpuMs, serverCpuMs, serverSplit);
            Bench.Throughput off2 = phase(platformFor.apply(false), cfg, 0, null, 0, null, null, null, null);
            Bench.Throughput off = Bench.Throughput.mean(off1, off2);
            Bench.Throughput on = Bench.Throughput.mean(on1, on2);
            ratios[r] = on.tradesPerSecond() / off.tradesPerSecond();
            lines.add(String.format(
                    Locale.ROOT,
                    "round %d  without %,.0f/s (%,.0f, %,.0f)  with %d pages %,.0f/s (%,.0f, %,.0f)  ratio %.2f"
                            + " (cost %.0f%%)",
                    r + 1,
                    off.tradesPerSecond(),
                    off1.tradesPerSecond(),
                    off2.tradesPerSecond(),
                    pages,
                    on.tradesPerSecond(),
                    on1.tradesPerSecond(),
                    on2.tradesPerSecond(),
                    ratios[r],
                    (1 - ratios[r]) * 100));
            for (int i = 0; i < 2; i++) {
                PageCrowd.Served s = served[i];
                double secs = phaseMs[i] / 1000.0;
                lines.add(String.format(
                        Locale.ROOT,
                        "  pages served  %d streams: %,d events, %,.1f MB, %.1f socket reads/s per stream; %,d polls,"
                                + " %d failed; of the process's %.1f CPU-s the server's page threads used %.2f"
                                + " (%.1f%%: %s), the clients' own %.2f (%.1f%%)",
                        s.streams(),
                        s.events(),
                        s.bytes() / 1e6,
                        s.reads() / secs / Math.max(1, s.streams()),
                        s.polls(),
                        s.failures(),
                        phaseCpuMs[i] / 1000.0,
                        serverCpuMs[i] / 1000.0,
                        100.0 * serverCpuMs[i] / Math.max(1, phaseCpuMs[i]),
                        serverSplit[i],
                        s.clientCpuMs() / 1000.0,
                        100.0 * s.clientCpuMs() / Math.max(1, phaseCpuMs[i])));
                pageCpu.add(100.0 * (serverCpuMs[i] + s.clientCpuMs()) / Math.max(1, phaseCpuMs[i]));
            }
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double median = rounds % 2 == 1 ? sorted[rounds / 2] : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
        out.println();
        out.println("== ticktape bench --target dashboard ==");
        lines.forEach(out::println);
        out.printf(
                Locale.ROOT,
                "ratio with / without, median of %d round(s) %.2f (cost %.0f%%; rounds from %.2f to %.2f)%n",
                rounds,
                median,
                (1 - median) * 100,
                sorted[0],
                sorted[rounds - 1]);
        out.printf(
                Locale.ROOT,
                "CPU the pages took directly (server page threads + clients), per phase with pages: %s of the"
                        + " process's%n",
                pageCpu.stream()
                        .map(v -> String.format(Locale.ROOT, "%.1f%%", v))
                        .collect(Collectors.joining(" ")));
        out.printf(
                Locale.ROOT,
                "target: %d open pages cost the bar path <= 10%% %s%n",
                pages,
                Bench.verdict(median >= 0.90));
    }

    private static Bench.Throughput phase(
            PlatformSpec spec,
            Bench.Config cfg,
            int pages,
            PageCrowd.Served[] served,
            int slot,
            long[] phaseMs,
            long[] phaseCpuMs,
            long[] serverCpuMs,
            String[] serverSplit)
            throws Exception {
        try (Platform p = Platform.start(spec)) {
            if (!p.awaitStreamsRunning(Duration.ofSeconds(60)))
                throw new IllegalStateException("topology did not start");
            if (pages == 0) return new Bench(p, cfg, System.out).throughput(VENUE);
            try (PageCrowd crowd = PageCrowd.open("http://127.0.0.1:" + p.httpPort(), pages)) {
                long t0 = System.currentTimeMillis();
                long cpu0 = processCpuMs();
                Map<String, Long> server0 = pageServerCpu();
                Bench.Throughput t = new Bench(p, cfg, System.out).throughput(VENUE);
                phaseMs[slot] = System.currentTimeMillis() - t0;
                phaseCpuMs[slot] = processCpuMs() - cpu0;
                Map<String, Long> server = since(server0, pageServerCpu());
                serverCpuMs[slot] =
                        server.values().stream().mapToLong(Long::longValue).sum();
                serverSplit[slot] = server.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1000.0))
                        .collect(Collectors.joining(", "));
                served[slot] = crowd.served();
                return t;
            }
        }
    }

    /**
     * CPU nanoseconds so far of each live thread that serves pages, keyed {@code group#thread-id}: the HTTP edge's
     * pool ({@code edge}: polls, and event-stream writes it completes), the push API's client writers
     * ({@code writers}) and its topic feeds ({@code feeds}). Their sum over a phase is what the pages cost the server
     * directly; GC and the broker's share of the feeds' fetches are not in it.
     */
    private static Map<String, Long> pageServerCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            String group = name.startsWith("http-edge")
                    ? "edge"
                    : name.startsWith("ticktape-stream-client-")
                            ? "writers"
                            : name.startsWith("ticktape-stream-") ? "feeds" : null;
            if (group == null) continue;
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 0) cpu.put(group + "#" + t.getId(), ns);
        }
        return cpu;
    }

    /** Milliseconds of CPU per group the threads in {@code after} used since {@code before} (new threads from 0). */
    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> ns = new TreeMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            String group = e.getKey().substring(0, e.getKey().indexOf('#'));
            ns.merge(group, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
        }
        ns.replaceAll((g, v) -> v / 1_000_000);
        return ns;
    }

    /** CPU time this JVM has used, in ms (every thread: platform, load, page clients). */
    private static long processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }
}
