package dev.ticktape.venuesim;

import dev.ticktape.model.OptionContract;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Demo-mode account activity of a fake broker: one contract traded every period, buys and sells alternating. */
final class DemoFills {
    /** The fake's own way to record and stream a fill. */
    @FunctionalInterface
    interface Fill {
        void fill(OptionContract contract, boolean buy, double qty, double price);
    }

    private static final Logger log = LoggerFactory.getLogger(DemoFills.class);

    private DemoFills() {}

    /** Trades {@code contract} (1 lot at a rounded spot-derived price) every {@code period} on {@code exec}. */
    static void schedule(
            ScheduledExecutorService exec,
            Duration period,
            SimOptionChain chain,
            Supplier<OptionContract> contract,
            Fill fill) {
        AtomicInteger n = new AtomicInteger();
        exec.scheduleAtFixedRate(
                () -> {
                    try {
                        OptionContract c = contract.get();
                        double px = Math.max(0.05, Math.round(chain.spot(c.underlying()) * 0.02 * 100) / 100.0);
                        fill.fill(c, n.getAndIncrement() % 2 == 0, 1, px);
                    } catch (RuntimeException e) {
                        log.warn("fake demo fill failed: {}", e.toString());
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
