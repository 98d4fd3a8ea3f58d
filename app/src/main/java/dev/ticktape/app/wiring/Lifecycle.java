package dev.ticktape.app.wiring;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running parts of a process and stops them in reverse start order, once, on close or on JVM shutdown
 * (SIGTERM/Ctrl-C). Order matters: the gateway stops accepting and flushes before the broker goes away.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Deque<NamedCloseable> parts = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private record NamedCloseable(String name, AutoCloseable closeable) {}

    /** Registers a started part; it is closed before every part registered earlier. */
    public synchronized <T extends AutoCloseable> T add(String name, T part) {
        if (closed) throw new IllegalStateException("already stopping");
        parts.push(new NamedCloseable(name, part));
        return part;
    }

    /** Closes everything on SIGTERM / Ctrl-C. */
    public Lifecycle closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "ticktape-shutdown"));
        return this;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        long t0 = System.nanoTime();
        NamedCloseable p;
        while ((p = pollPart()) != null) {
            try {
                p.closeable().close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", p.name(), e.toString());
            }
        }
        LOG.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
        stopped.countDown();
    }

    private synchronized NamedCloseable pollPart() {
        return parts.poll();
    }
}
