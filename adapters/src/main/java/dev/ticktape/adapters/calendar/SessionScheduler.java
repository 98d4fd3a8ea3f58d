package dev.ticktape.adapters.calendar;

import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.model.calendar.UsEquityCalendar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a venue adapter only around regular sessions: creates and starts a fresh adapter at
 * {@code open - lead}, closes it at {@code close + lag}, then waits for the next session (weekends and holidays
 * skipped). Started inside a window, it starts the adapter at once.
 */
public final class SessionScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionScheduler.class);

    private final UsEquityCalendar calendar;
    private final Duration lead;
    private final Duration lag;
    private final Supplier<? extends VenueAdapter> factory;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-scheduler");
        t.setDaemon(true);
        return t;
    });
    private VenueAdapter running;
    private boolean closed;

    public SessionScheduler(
            UsEquityCalendar calendar,
            Duration lead,
            Duration lag,
            Supplier<? extends VenueAdapter> factory,
            Clock clock) {
        if (lead.isNegative() || lag.isNegative()) throw new IllegalArgumentException("lead and lag must be >= 0");
        this.calendar = calendar;
        this.lead = lead;
        this.lag = lag;
        this.factory = factory;
        this.clock = clock;
    }

    public void start() {
        timer.execute(this::step);
    }

    /** The adapter of the current window, or null between windows. */
    public synchronized VenueAdapter running() {
        return running;
    }

    private synchronized void step() {
        if (closed) return;
        Instant now = clock.instant();
        SessionWindow w = SessionWindow.around(calendar, now, lead, lag);
        if (!calendar.covers(w.session().date())) {
            log.warn(
                    "market calendar rules start in 2022; {} is treated as a regular weekday unless a weekend",
                    w.session().date());
        }
        Instant next;
        if (w.contains(now)) {
            if (running == null) {
                log.info(
                        "session {} window open until {}: starting adapter",
                        w.session().date(),
                        w.stop());
                running = factory.get();
                running.start();
            }
            next = w.stop();
        } else {
            stopRunning();
            log.info("next session {}: adapter starts at {}", w.session().date(), w.start());
            next = w.start();
        }
        long delayMs = Math.max(1, Duration.between(now, next).toMillis());
        // At the window end, the next step computes the following window, which no longer contains now.
        timer.schedule(this::step, delayMs, TimeUnit.MILLISECONDS);
    }

    private void stopRunning() {
        if (running == null) return;
        log.info("session window closed: stopping adapter");
        running.close();
        running = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        stopRunning();
    }
}
