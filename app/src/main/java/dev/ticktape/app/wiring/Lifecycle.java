package dev.ticktape.app.wiring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
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

    /**
     * Closes now, in reverse start order, the parts whose names match (e.g. the intake before a drain); they are
     * not closed again by {@link #close()}.
     */
    public void closeNow(Predicate<String> names) {
        List<NamedCloseable> matching = new ArrayList<>();
        synchronized (this) {
            for (Iterator<NamedCloseable> it = parts.iterator(); it.hasNext(); ) {
                NamedCloseable p = it.next();
                if (names.test(p.name())) {
                    matching.add(p);
                    it.remove();
                }
            }
        }
        for (NamedCloseable p : matching) closeQuietly(p);
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
        while ((p = pollPart()) != null) closeQuietly(p);
        LOG.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
        stopped.countDown();
    }

    private static void closeQuietly(NamedCloseable p) {
        try {
            p.closeable().close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", p.name(), e.toString());
        }
    }

    private synchronized NamedCloseable pollPart() {
        return parts.poll();
    }
}
