package dev.ticktape.adapters.ndjson;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One input's view of the {@link LineHandler} (a TCP connection, a file, stdin): feed it lines through a
 * {@link LineSplitter}. Keeps the input's totals for its close log line and tells the input when a publish failed,
 * so a connection can be closed. Line methods are called from the input's own thread.
 */
public final class LineSession implements LineSplitter.Sink {
    private final LineHandler handler;
    private final LineSource source;
    private final GatewayMetrics.InputMeters meters;
    private final Consumer<Throwable> onPublishFailure;
    private volatile long accepted;
    private volatile long rejected;
    private volatile long blank;
    private final AtomicLong publishFailures = new AtomicLong();

    LineSession(LineHandler handler, LineSource source, GatewayMetrics.InputMeters meters,
                Consumer<Throwable> onPublishFailure) {
        this.handler = handler;
        this.source = source;
        this.meters = meters;
        this.onPublishFailure = onPublishFailure;
    }

    @Override
    public void line(byte[] buf, int off, int len) {
        handler.handleLine(this, buf, off, len);
    }

    @Override
    public void tooLong(byte[] buf, int off, int headLen, long lineBytes) {
        handler.handleTooLong(this, buf, off, headLen, lineBytes);
    }

    public LineSource source() {
        return source;
    }

    /** Lines decoded and handed to the publisher. */
    public long accepted() {
        return accepted;
    }

    /** Lines turned into dead letters. */
    public long rejected() {
        return rejected;
    }

    public long blank() {
        return blank;
    }

    /** Publishes (events or dead letters) that failed. */
    public long publishFailures() {
        return publishFailures.get();
    }

    /** Totals for the input's close log line. */
    public String totals() {
        return "accepted=" + accepted + " rejected=" + rejected + " blank=" + blank
                + " publish_failures=" + publishFailures.get();
    }

    GatewayMetrics.InputMeters meters() {
        return meters;
    }

    // Single writer (the input's thread); volatile only so other threads read fresh totals.
    void countAccepted() {
        accepted++;
    }

    void countRejected() {
        rejected++;
    }

    void countBlank() {
        blank++;
    }

    /** Runs on the publisher's callback thread. */
    void publishFailed(Throwable failure) {
        publishFailures.incrementAndGet();
        onPublishFailure.accept(failure);
    }
}
