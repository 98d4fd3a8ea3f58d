package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle shared by the broker adapters that log in over REST and then stream over one WebSocket: a timer thread,
 * a REST thread (blocking calls never run on the timer), the status reporter and metrics, a bootstrap retried with
 * backoff until it succeeds, the session once it exists, and an idempotent close.
 */
public final class BrokerRuntime {
    private static final Logger log = LoggerFactory.getLogger(BrokerRuntime.class);

    /** One bootstrap attempt; a thrown exception schedules a retry after the next backoff delay. */
    @FunctionalInterface
    public interface Bootstrap {
        void run() throws Exception;
    }

    private final String venue;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final ScheduledExecutorService timer;
    private final ExecutorService restExecutor;
    private Bootstrap bootstrap;
    private Backoff backoff;
    private WsSession session;
    private int bootstrapAttempt;
    private boolean started;
    private volatile boolean closed;

    public BrokerRuntime(String venue, String connectionId, EventPublisher publisher, MeterRegistry registry) {
        this.venue = venue;
        this.metrics = new AdapterMetrics(registry, venue);
        this.status = new StatusReporter(venue, connectionId, publisher, this::counters);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon(venue + "-timer"));
        this.restExecutor = Executors.newSingleThreadExecutor(daemon(venue + "-rest"));
    }

    public AdapterMetrics metrics() {
        return metrics;
    }

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
            log.warn("{} bootstrap failed ({}), retrying in {} ms", venue, e.getMessage(), delay.toMillis());
            if (!closed) timer.schedule(() -> restExecutor.execute(this::attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Keeps the session built by the bootstrap; false (and the session is not kept) when already closed. */
    public synchronized boolean install(WsSession s) {
        if (closed) return false;
        session = s;
        return true;
    }

    /** The installed session; callers run only after {@link #install} succeeded. */
    public synchronized WsSession session() {
        return session;
    }

    /** Runs {@code onRestThread} on the REST thread every {@code d}, first after {@code d}. */
    public void every(Duration d, Runnable onRestThread) {
        long ms = d.toMillis();
        timer.scheduleWithFixedDelay(() -> restExecutor.execute(onRestThread), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Closes the session (or reports disconnected when there never was one) and stops both threads; false if already closed. */
    public boolean close() {
        WsSession s;
        synchronized (this) {
            if (closed) return false;
            closed = true;
            s = session;
        }
        if (s != null) s.close();
        else status.disconnected("closed by adapter");
        timer.shutdownNow();
        restExecutor.shutdownNow();
        return true;
    }

    private Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("messages", metrics.messages());
        c.put("reconnects", metrics.reconnects());
        c.put("parse_errors", metrics.parseErrors());
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
