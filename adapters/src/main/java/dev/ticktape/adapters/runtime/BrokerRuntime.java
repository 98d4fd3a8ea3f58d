package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Status;
import dev.ticktape.model.codec.LogText;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle the broker adapters (IBKR, tastytrade) share: they log in over REST, then stream over WebSockets.
 * Owns a timer thread and a REST thread (blocking calls never run on the timer), the metrics, the executions
 * publisher, the status of the main connection, a bootstrap retried with backoff until it succeeds, the sessions
 * the bootstrap built, and an idempotent close. Every status this runtime creates publishes the same counters:
 * {@code messages}, {@code reconnects}, {@code parse_errors}, {@code executions}.
 */
public final class BrokerRuntime {
    private static final Logger log = LoggerFactory.getLogger(BrokerRuntime.class);
    private static final long TICK_MS = 500;

    /** One bootstrap attempt; a thrown exception schedules a retry after the next backoff delay. */
    @FunctionalInterface
    public interface Bootstrap {
        void run() throws Exception;
    }

    private final String venue;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final ExecutionPublisher executions;
    private final StatusReporter status;
    private final ScheduledExecutorService timer;
    private final ExecutorService restExecutor;
    private final List<WsSession> sessions = new ArrayList<>();
    private Bootstrap bootstrap;
    private Backoff backoff;
    private int bootstrapAttempt;
    private boolean started;
    private volatile boolean closed;

    /** {@code connectionId} names the main connection, whose status is {@link #state()}. */
    public BrokerRuntime(String venue, String connectionId, EventPublisher publisher, MeterRegistry registry) {
        this.venue = venue;
        this.publisher = publisher;
        this.metrics = new AdapterMetrics(registry, venue);
        this.executions = new ExecutionPublisher(venue, publisher, metrics);
        this.status = statusOf(connectionId);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon(venue + "-timer"));
        this.restExecutor = Executors.newSingleThreadExecutor(daemon(venue + "-rest"));
    }

    /** A status for a further connection of this adapter (an account stream beside the market data). */
    public StatusReporter statusOf(String connectionId) {
        return new StatusReporter(venue, connectionId, publisher, this::counters);
    }

    public AdapterMetrics metrics() {
        return metrics;
    }

    public ExecutionPublisher executions() {
        return executions;
    }

    /** The main connection's status. */
    public StatusReporter status() {
        return status;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public ExecutorService restExecutor() {
        return restExecutor;
    }

    public boolean closed() {
        return closed;
    }

    public Status.State state() {
        return status.state();
    }

    /** Runs {@code bootstrap} on the REST thread, retried with {@code backoff}; throws if already started. */
    public synchronized void start(Bootstrap bootstrap, Backoff backoff) {
        if (started) throw new IllegalStateException("already started");
        started = true;
        this.bootstrap = bootstrap;
        this.backoff = backoff;
        restExecutor.execute(this::attempt);
    }

    private void attempt() {
        if (closed) return;
        try {
            bootstrap.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            Duration delay = backoff.delay(bootstrapAttempt++);
            status.disconnected("bootstrap failed: " + e.getMessage());
            log.warn(
                    "{} bootstrap failed ({}), retrying in {} ms",
                    venue,
                    LogText.printable(e.getMessage()),
                    delay.toMillis());
            if (!closed)
                timer.schedule(() -> restExecutor.execute(this::attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Keeps a session the bootstrap built, so {@link #close()} closes it; the first one kept is the main session.
     * False, and the session is not kept, once closed.
     */
    public synchronized boolean install(WsSession s) {
        if (closed) return false;
        sessions.add(s);
        return true;
    }

    /** The main session; callers run only after its {@link #install} succeeded. */
    public synchronized WsSession session() {
        return sessions.get(0);
    }

    /** Runs {@code onRestThread} on the REST thread every {@code d}, first after {@code d}. */
    public void every(Duration d, Runnable onRestThread) {
        long ms = d.toMillis();
        timer.scheduleWithFixedDelay(() -> restExecutor.execute(onRestThread), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Runs a handler's {@code tick} (keepalive, silence check) on the timer twice a second. */
    public void ticking(Runnable tick) {
        timer.scheduleWithFixedDelay(tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the sessions (or reports the main connection disconnected when there never was one) and stops both
     * threads; false if already closed.
     */
    public boolean close() {
        List<WsSession> open;
        synchronized (this) {
            if (closed) return false;
            closed = true;
            open = List.copyOf(sessions);
        }
        if (open.isEmpty()) status.disconnected("closed by adapter");
        open.forEach(WsSession::close);
        timer.shutdownNow();
        restExecutor.shutdownNow();
        return true;
    }

    private Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("messages", metrics.messages());
        c.put("reconnects", metrics.reconnects());
        c.put("parse_errors", metrics.parseErrors());
        c.put("executions", executions.published());
        return c;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
