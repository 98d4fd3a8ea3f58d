package dev.ticktape.app.bench;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeConfig;
import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.app.streaming.DemoChain;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.model.Topics;
import dev.ticktape.persistence.PersistLatency;
import dev.ticktape.persistence.postgres.PostgresGreeksQueries;
import dev.ticktape.venuesim.FakeTastytradeServer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Greeks end to end: a fake tastytrade (REST + DXLink) streams a chain of {@code contracts} options, each updating every
 * {@code tick}, through the adapter, Kafka, the Greeks topology and the sinks. Reports received -> persisted latency
 * per store ({@code persisted_at - received_at} of every row written in the measured window) and the sustained rate,
 * beside what the same records took to become visible ({@code read_committed}) on the raw topic (the broker-only
 * floor: adapter, producer, fetch) and on the accepted topic (plus the options application's exactly-once commit),
 * so each hop's share and the ratio to the floor are visible in one run.
 */
public final class GreeksBench {
    /** Shape of the run. */
    public record Config(int contracts, Duration tick, Duration warmup, Duration window) {}

    /**
     * The fake venue and adapter, as an adapter kind the platform starts. DXLink subscribes a chain in a few
     * messages; IBKR's gateway takes one {@code smd} per contract at 20 control messages/s (a 2,000-contract chain
     * needs ~100 s to be fully subscribed), so the benchmark uses tastytrade.
     */
    public static final class ChainKind implements AdapterKind {
        private final Config cfg;
        private FakeTastytradeServer venue;

        public ChainKind(Config cfg) {
            this.cfg = cfg;
        }

        @Override
        public String name() {
            return "tastytrade";
        }

        @Override
        public VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
            venue = FakeTastytradeServer.start(0, 7, DemoChain.spy(cfg.contracts() / 2), cfg.tick(), 60);
            TastytradeAdapter a = TastytradeAdapter.create(
                    TastytradeConfig.defaults(
                            venue.restUrl(), "bench", "bench", List.of(FakeTastytradeServer.ACCOUNT), List.of()),
                    publisher,
                    registry);
            a.start();
            return a;
        }

        @Override
        public void close() {
            if (venue != null) venue.close();
        }
    }

    /** Required by the performance target: p99 received -> persisted below this, in every store. */
    static final double REQUIRED_P99_MS = 100;

    private GreeksBench() {}

    public static void run(Platform p, Config cfg, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "greeks bench: %d contracts updating every %d ms (%,.0f snapshots/s offered), %d s window%n",
                cfg.contracts(),
                cfg.tick().toMillis(),
                cfg.contracts() * 1000.0 / cfg.tick().toMillis(),
                cfg.window().toSeconds());
        Instant warm = Instant.now();
        try (VisibilityProbe raw = VisibilityProbe.start(p.bootstrapServers(), Topics.GREEKS);
                VisibilityProbe accepted = VisibilityProbe.start(p.bootstrapServers(), Topics.GREEKS_ACCEPTED)) {
            LockSupport.parkNanos(cfg.warmup().toNanos());
            SinkBatches before = SinkBatches.of(p.registry());
            Instant from = Instant.now();
            Instant to = from.plus(cfg.window());
            raw.window(from.toEpochMilli(), to.toEpochMilli());
            accepted.window(from.toEpochMilli(), to.toEpochMilli());
            LockSupport.parkNanos(Duration.between(Instant.now(), to).toNanos());
            SinkBatches during = SinkBatches.of(p.registry()).minus(before);
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // the window's last rows reach the stores
            report(p, cfg, out, warm, from, to, raw.percentiles(), accepted.percentiles());
            during.print(out);
            optionsCommit(p.registry(), out);
        }
    }

    private static void report(
            Platform p,
            Config cfg,
            PrintStream out,
            Instant warm,
            Instant from,
            Instant to,
            VisibilityProbe.Percentiles floor,
            VisibilityProbe.Percentiles accepted) {
        double secs = Duration.between(from, to).toMillis() / 1000.0;
        PersistLatency cold = p.greeksSnapshots().orElseThrow().persistLatency(warm, from);
        out.printf(
                Locale.ROOT,
                "warm-up (%d s, not measured): duckdb p50 %.0f ms  p95 %.0f ms  max %.0f ms%n",
                cfg.warmup().toSeconds(),
                cold.p50Ms(),
                cold.p95Ms(),
                cold.maxMs());
        visible(out, "broker floor: received -> visible in " + Topics.GREEKS, floor);
        visible(out, "options app:  received -> visible in " + Topics.GREEKS_ACCEPTED, accepted);
        store(out, "duckdb", p.greeksSnapshots().orElseThrow().persistLatency(from, to), secs, floor);
        p.postgresDatabase()
                .ifPresent(pg ->
                        store(out, "postgres", new PostgresGreeksQueries(pg).persistLatency(from, to), secs, floor));
        out.printf(
                Locale.ROOT,
                "snapshots accepted by the topology: %,.0f (duplicates %,.0f, out of order %,.0f)%n",
                p.registry().counter("ticktape.greeks.forwarded").count(),
                p.registry().counter("ticktape.greeks.duplicate").count(),
                p.registry().counter("ticktape.greeks.out_of_order").count());
    }

    /** The options application's exactly-once commits (Streams' own thread metrics, whole run). */
    private static void optionsCommit(MeterRegistry registry, PrintStream out) {
        for (Gauge g : registry.find("kafka.stream.thread.commit.latency.avg").gauges()) {
            if (g.getId().getTags().stream().noneMatch(t -> t.getValue().contains("-options"))) continue;
            Gauge rate = registry.find("kafka.stream.thread.commit.rate")
                    .tags(g.getId().getTags())
                    .gauge();
            out.printf(
                    Locale.ROOT,
                    "options app commits: %.1f/s, %.1f ms each on average (last 30 s)%n",
                    rate == null ? Double.NaN : rate.value(),
                    g.value());
        }
    }

    /** Batches of the Greeks sink workers: count, rows and write time per sink, to subtract two readings. */
    private record SinkBatches(Map<String, double[]> bySink) {
        static SinkBatches of(MeterRegistry registry) {
            Map<String, double[]> m = new TreeMap<>();
            for (Timer t : registry.find("ticktape.sink.batch.commit").timers()) {
                String sink = t.getId().getTag("sink");
                if (sink == null || !sink.endsWith("-greeks")) continue;
                DistributionSummary rows = registry.find("ticktape.sink.batch.rows")
                        .tag("sink", sink)
                        .summary();
                m.put(sink, new double[] {
                    t.count(),
                    t.totalTime(TimeUnit.MILLISECONDS),
                    t.max(TimeUnit.MILLISECONDS),
                    rows == null ? 0 : rows.totalAmount()
                });
            }
            return new SinkBatches(m);
        }

        SinkBatches minus(SinkBatches earlier) {
            Map<String, double[]> m = new TreeMap<>();
            bySink.forEach((sink, v) -> {
                double[] e = earlier.bySink.getOrDefault(sink, new double[4]);
                m.put(sink, new double[] {v[0] - e[0], v[1] - e[1], v[2], v[3] - e[3]});
            });
            return new SinkBatches(m);
        }

        void print(PrintStream out) {
            bySink.forEach((sink, v) -> out.printf(
                    Locale.ROOT,
                    "sink %s in the window: %,.0f batches of %.0f rows on average, write %.1f ms on average%n",
                    sink,
                    v[0],
                    v[0] == 0 ? 0 : v[3] / v[0],
                    v[0] == 0 ? 0 : v[1] / v[0]));
        }
    }

    private static void visible(PrintStream out, String what, VisibilityProbe.Percentiles l) {
        out.printf(
                Locale.ROOT,
                "%s (read_committed) p50 %d ms  p95 %d ms  p99 %d ms  max %d ms; %,d records%n",
                what,
                l.p50(),
                l.p95(),
                l.p99(),
                l.max(),
                l.records());
    }

    private static void store(
            PrintStream out, String store, PersistLatency l, double secs, VisibilityProbe.Percentiles floor) {
        out.printf(
                Locale.ROOT,
                "%-8s received->persisted p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms; "
                        + "%,d rows = %,.0f snapshots/s sustained; p99 %s the broker floor's  "
                        + "(required p99 < %.0f ms: %s)%n",
                store,
                l.p50Ms(),
                l.p95Ms(),
                l.p99Ms(),
                l.maxMs(),
                l.rows(),
                l.rows() / secs,
                floor.p99() > 0 ? String.format(Locale.ROOT, "%.1fx", l.p99Ms() / floor.p99()) : "n/a x",
                REQUIRED_P99_MS,
                l.rows() > 0 && l.p99Ms() < REQUIRED_P99_MS ? "met" : "NOT MET");
    }
}
