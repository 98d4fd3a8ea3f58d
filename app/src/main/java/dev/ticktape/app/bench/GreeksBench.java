package dev.ticktape.app.bench;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeConfig;
import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.app.streaming.DemoChain;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.persistence.PersistLatency;
import dev.ticktape.persistence.postgres.PostgresGreeksQueries;
import dev.ticktape.venuesim.FakeTastytradeServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Greeks end to end: a fake tastytrade (REST + DXLink) streams a chain of {@code contracts} options, each updating every
 * {@code tick}, through the adapter, Kafka, the Greeks topology and the sinks. Reports received -> persisted latency
 * per store ({@code persisted_at - received_at} of every row written in the measured window) and the sustained rate.
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
        LockSupport.parkNanos(cfg.warmup().toNanos());
        Instant from = Instant.now();
        LockSupport.parkNanos(cfg.window().toNanos());
        Instant to = Instant.now();
        LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // the window's last rows reach the stores
        double secs = Duration.between(from, to).toMillis() / 1000.0;
        PersistLatency cold = p.greeksSnapshots().orElseThrow().persistLatency(warm, from);
        out.printf(
                Locale.ROOT,
                "warm-up (%d s, not measured): duckdb p50 %.0f ms  p95 %.0f ms  max %.0f ms%n",
                cfg.warmup().toSeconds(),
                cold.p50Ms(),
                cold.p95Ms(),
                cold.maxMs());
        report(out, "duckdb", p.greeksSnapshots().orElseThrow().persistLatency(from, to), secs);
        p.postgresDatabase()
                .ifPresent(pg -> report(out, "postgres", new PostgresGreeksQueries(pg).persistLatency(from, to), secs));
        out.printf(
                Locale.ROOT,
                "snapshots accepted by the topology: %,.0f (duplicates %,.0f, out of order %,.0f)%n",
                p.registry().counter("ticktape.greeks.forwarded").count(),
                p.registry().counter("ticktape.greeks.duplicate").count(),
                p.registry().counter("ticktape.greeks.out_of_order").count());
    }

    private static void report(PrintStream out, String store, PersistLatency l, double secs) {
        out.printf(
                Locale.ROOT,
                "%-8s received->persisted p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms; "
                        + "%,d rows = %,.0f snapshots/s sustained  (required p95 < 500 ms: %s)%n",
                store,
                l.p50Ms(),
                l.p95Ms(),
                l.p99Ms(),
                l.maxMs(),
                l.rows(),
                l.rows() / secs,
                l.p95Ms() < 500 ? "met" : "NOT MET");
    }
}
