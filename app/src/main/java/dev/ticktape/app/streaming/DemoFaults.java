package dev.ticktape.app.streaming;

import dev.ticktape.venuesim.FakeBinanceServer;
import dev.ticktape.venuesim.FakePolygonServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault schedule for {@code run --demo --demo-faults}: every period the in-process fake venues inject the next
 * fault of a fixed cycle, so the gap ledger, bar coverage and reconciliation have something to show. Each fault is
 * one of the fakes' own (the same ones the adapter tests compare the ledger against) and is logged once.
 */
public final class DemoFaults implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoFaults.class);

    /** One step of the cycle: a name for the log and what it does to the fakes (each may be absent). */
    private record Fault(String name, Consumer<Venues> inject) {}

    private record Venues(FakeBinanceServer binance, FakePolygonServer polygon) {}

    private static final List<Fault> CYCLE = List.of(
            new Fault("binance: connection dropped without a close frame (1006)", v -> {
                if (v.binance() != null) v.binance().abruptClose();
            }),
            new Fault("polygon: 3 AAPL trades dropped without telling (reconciliation must flag their minute)", v -> {
                if (v.polygon() != null) v.polygon().dropTradesSilently("AAPL", 3);
            }),
            new Fault("binance: market data stalled for 8 s", v -> {
                if (v.binance() != null) v.binance().stall(Duration.ofSeconds(8));
            }),
            new Fault("polygon: connection dropped, reconnects refused for 5 s", v -> {
                if (v.polygon() != null) {
                    v.polygon().refuseConnections(Duration.ofSeconds(5));
                    v.polygon().abruptClose();
                }
            }),
            new Fault("binance: one depth update withheld (a book-only gap)", v -> {
                if (v.binance() != null) v.binance().dropNextDepthUpdate();
            }));

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ticktape-demo-faults");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger next = new AtomicInteger();

    private DemoFaults() {}

    /**
     * Starts the cycle: the first fault after {@code every}, then one per {@code every}. The suppliers give the fake
     * venues once their adapters run (null before).
     */
    public static DemoFaults start(
            Duration every, Supplier<FakeBinanceServer> binance, Supplier<FakePolygonServer> polygon) {
        DemoFaults f = new DemoFaults();
        long ms = every.toMillis();
        f.timer.scheduleAtFixedRate(() -> f.injectNext(binance.get(), polygon.get()), ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("demo faults every {} s: {} faults in a cycle", every.toSeconds(), CYCLE.size());
        return f;
    }

    /** What the cycle injects, in order, for the ready banner. */
    public static String describe(Duration every) {
        return "every " + every.toSeconds() + " s, in turn: binance 1006, polygon silent drops, binance stall, "
                + "polygon outage, binance depth gap";
    }

    private void injectNext(FakeBinanceServer binance, FakePolygonServer polygon) {
        Fault f = CYCLE.get(next.getAndIncrement() % CYCLE.size());
        try {
            f.inject().accept(new Venues(binance, polygon));
            LOG.info("demo fault injected: {}", f.name());
        } catch (RuntimeException e) {
            LOG.warn("demo fault '{}' not injected: {}", f.name(), e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
