package dev.ticktape.app.push;

import dev.ticktape.app.http.SseStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected stream: a bounded queue filled by its topic's feed and one writer thread that empties it onto the
 * socket. The feed only ever {@link #offer}s (never waits); when the queue is full the client is dropped: its
 * queued events are discarded and it gets a last {@code event: error} naming the reason and how many events it
 * was sent before, then the response ends. The writer also sends a heartbeat comment after {@code heartbeat} of
 * silence.
 */
final class StreamClient {
    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);
    /** The client fell {@code queueEvents} behind. */
    static final String SLOW_CLIENT = "slow_client";
    /** The process is stopping. */
    static final String SHUTDOWN = "shutdown";
    /** The topic's consumer failed. */
    static final String SOURCE_FAILED = "source_failed";
    /** The peer closed the connection (or a write failed): not a drop, nothing is sent. */
    static final String CLIENT_CLOSED = "client_closed";

    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);
    /** Events written between flushes when the queue is backed up: one syscall for a burst. */
    private static final int MAX_BATCH = 256;
    /**
     * Queued by {@link #end} to wake an idle writer at once, and never written. Not an interrupt: an interrupt would
     * abort a write in progress, and a dropped slow client should still get its last event if it reads again. An
     * idle writer therefore sleeps until an event, its heartbeat or its end, instead of waking on a short period:
     * with many open pages, mostly idle streams (alerts) cost nothing.
     */
    private static final StreamEvent WAKE = new StreamEvent(null, null, null, null, new byte[0]);

    /** What the hub does when a client ends (any thread, once) and when its writer has finished (writer thread). */
    interface Listener {
        void ended(StreamClient client, String reason);

        void finished(StreamClient client);
    }

    private final long id;
    private final StreamFilter filter;
    private final SseStream stream;
    private final BlockingQueue<StreamEvent> queue;
    private final long heartbeatNanos;
    private final long coalesceNanos;
    private final AtomicReference<String> endReason = new AtomicReference<>();
    private final Listener listener;
    private final Thread writer;
    private volatile long sent;

    StreamClient(
            long id,
            StreamFilter filter,
            SseStream stream,
            int queueEvents,
            Duration heartbeat,
            Duration coalesce,
            Listener listener) {
        this.id = id;
        this.filter = filter;
        this.stream = stream;
        this.queue = new ArrayBlockingQueue<>(queueEvents);
        this.heartbeatNanos = heartbeat.toNanos();
        this.coalesceNanos = coalesce.toNanos();
        this.listener = listener;
        this.writer = new Thread(this::write, "ticktape-stream-client-" + id);
        writer.setDaemon(true);
    }

    StreamFilter filter() {
        return filter;
    }

    long id() {
        return id;
    }

    void start() {
        writer.start();
    }

    /** From the feed's thread: queue the event, or drop this client if its queue is full. Never blocks. */
    void offer(StreamEvent e) {
        if (endReason.get() != null) return;
        if (!queue.offer(e)) end(SLOW_CLIENT);
    }

    /** Ends the stream with {@code reason}; the first reason wins. The writer sends it and finishes. */
    void end(String reason) {
        if (!endReason.compareAndSet(null, reason)) return;
        listener.ended(this, reason);
        // A full queue means the writer is not waiting for events; it sees the reason after its current write.
        queue.offer(WAKE);
        LockSupport.unpark(writer); // cuts a coalescing hold-off short; harmless in any other state
    }

    /** The reason this client ended, or null while it runs. */
    String endReason() {
        return endReason.get();
    }

    /** Events written to this client so far (a dropped client's {@code dropped_after}). */
    long sent() {
        return sent;
    }

    /** With coalescing, lets events gather until the next write is due; stops early when the stream ends. */
    private void holdOff(long lastWrite) {
        if (coalesceNanos <= 0) return;
        long left;
        while (endReason.get() == null && (left = lastWrite + coalesceNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left); // end() unparks
        }
    }

    private void write() {
        try {
            long lastWrite = System.nanoTime();
            while (endReason.get() == null) {
                long quietFor = heartbeatNanos - (System.nanoTime() - lastWrite);
                StreamEvent e = quietFor > 0 ? queue.poll(quietFor, TimeUnit.NANOSECONDS) : null;
                if (e == WAKE) continue;
                boolean events = e != null;
                if (e == null) {
                    if (System.nanoTime() - lastWrite < heartbeatNanos) continue;
                    stream.write(HEARTBEAT);
                } else {
                    int n = 0;
                    do {
                        if (e == WAKE) break;
                        stream.write(e.frame());
                        sent++;
                        // Coalescing writes everything that gathered in one burst; otherwise bursts stay bounded.
                    } while ((++n < MAX_BATCH || coalesceNanos > 0)
                            && endReason.get() == null
                            && (e = queue.poll()) != null);
                }
                stream.flush();
                lastWrite = System.nanoTime();
                if (events) holdOff(lastWrite);
            }
            queue.clear();
            String reason = endReason.get();
            if (!CLIENT_CLOSED.equals(reason)) {
                stream.write("event: error\ndata: {\"reason\":\"" + reason + "\",\"dropped_after\":" + sent + "}\n\n");
                stream.flush();
            }
        } catch (IOException e) {
            // A write blocked past the server's idle timeout is a client too slow to be told so; anything else is a
            // peer that went away. Either way nothing more can be sent.
            LOG.debug("stream client {} closed: {}", id, e.toString());
            end(timedOut(e) ? SLOW_CLIENT : CLIENT_CLOSED);
        } catch (InterruptedException e) {
            end(SHUTDOWN);
        } catch (RuntimeException e) {
            LOG.warn("stream client {} failed: {}", id, e.toString());
            end(CLIENT_CLOSED);
        } finally {
            queue.clear();
            stream.finish();
            listener.finished(this);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) return true;
        }
        return false;
    }

    /** Waits up to {@code timeout} for the writer to finish. */
    boolean await(Duration timeout) throws InterruptedException {
        writer.join(Math.max(1, timeout.toMillis()));
        return !writer.isAlive();
    }
}
