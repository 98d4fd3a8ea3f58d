package dev.ticktape.persistence.retention;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a {@link RetentionPolicy} to every target on a fixed schedule, first right after {@link #start()}. */
public final class RetentionScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionScheduler.class);

    private final List<RetentionTarget> targets;
    private final RetentionPolicy policy;
    private final Duration every;
    private final Clock clock;
    // Replayed rows kept per store at the last run: logged when it changes, not every hour.
    private final Map<String, Long> keptBefore = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ticktape-retention");
        t.setDaemon(true);
        return t;
    });

    public RetentionScheduler(List<RetentionTarget> targets, RetentionPolicy p, Duration every) {
        this(targets, p, every, Clock.systemUTC());
    }

    RetentionScheduler(List<RetentionTarget> targets, RetentionPolicy p, Duration every, Clock clock) {
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be > 0");
        this.targets = List.copyOf(targets);
        this.policy = p;
        this.every = every;
        this.clock = clock;
    }

    public void start() {
        log.info("retention every {}: {}", RetentionPolicy.human(every), policy.describe());
        executor.scheduleWithFixedDelay(this::runOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every target; a failing target is logged and retried next time, the others still run. */
    void runOnce() {
        for (RetentionTarget target : targets) {
            try {
                RetentionReport report = target.apply(clock.instant(), policy);
                long rows = report.items().stream()
                        .mapToLong(RetentionReport.Item::rows)
                        .sum();
                if (!report.items().isEmpty()) {
                    log.info(
                            "retention {}: {} actions, {} rows",
                            target.store(),
                            report.items().size(),
                            rows);
                }
                long kept = report.keptRows();
                Long previous = keptBefore.put(target.store(), kept);
                if (kept > 0 && (previous == null || previous != kept)) {
                    log.info(
                            "retention {}: {} replayed rows past their tier kept (retention applies to live bars; "
                                    + "--retention-include-replays ages replays out too)",
                            target.store(),
                            kept);
                }
            } catch (RuntimeException e) {
                log.warn("retention {} failed (retried in {}): {}", target.store(), every, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
