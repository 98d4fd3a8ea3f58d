package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.EventPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One input's view of the {@link LineHandler} (a TCP connection, a file, stdin): feed it lines through a
 * {@link LineSplitter}. Keeps the input's totals for its close log line and tells the input when a publish failed,
 * so a connection can be closed. Line methods are called from the input's own thread.
 *
 * <p>The input's events go through its own {@linkplain EventPublisher#openChannel publisher channel} (named by the
 * input's label), so the bar topology gets a producer clock per connection, file or stdin run. {@link #close()}
 * ends the channel once the input has handed over its last line.
 */
public final class LineSession implements LineSplitter.Sink, AutoCloseable {
    private final LineHandler handler;
    private final LineSource source;
    private final GatewayMetrics.InputMeters meters;
    private final Consumer<Throwable> onPublishFailure;
    private final EventPublisher channel;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long accepted;
    private volatile long rejected;
    private volatile long blank;
    private volatile long trades;
    private volatile long firstEventMs = Long.MAX_VALUE;
    private volatile long lastEventMs = Long.MIN_VALUE;
    private final AtomicLong publishFailures = new AtomicLong();
    /** Wall-clock ms of the latest complete line (the session's opening before the first). */
    private volatile long lastLineMs = System.currentTimeMillis();

    LineSession(
            LineHandler handler,
            LineSource source,
            GatewayMetrics.InputMeters meters,
            Consumer<Throwable> onPublishFailure,
            EventPublisher channel) {
        this.channel = channel;
        this.handler = handler;
        this.source = source;
        this.meters = meters;
        this.onPublishFailure = onPublishFailure;
    }

    @Override
    public void line(byte[] buf, int off, int len) {
        lastLineMs = System.currentTimeMillis();
        handler.handleLine(this, buf, off, len);
    }

    @Override
    public void tooLong(byte[] buf, int off, int headLen, long lineBytes) {
        lastLineMs = System.currentTimeMillis();
        handler.handleTooLong(this, buf, off, headLen, lineBytes);
    }

    /** Wall-clock ms of the latest complete line, or of the opening before the first. */
    public long lastLineMs() {
        return lastLineMs;
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

    /** Accepted lines that were trades (the rest of {@link #accepted()} are {@code ohlc1s} bars). */
    public long trades() {
        return trades;
    }

    /** Every line read: accepted, rejected and blank. */
    public long lines() {
        return accepted + rejected + blank;
    }

    /** Lowest event time accepted, {@code Long.MAX_VALUE} before the first. */
    public long firstEventMs() {
        return firstEventMs;
    }

    /** Event time of the latest accepted line, {@code Long.MIN_VALUE} before the first. */
    public long lastEventMs() {
        return lastEventMs;
    }

    /** Publishes (events or dead letters) that failed. */
    public long publishFailures() {
        return publishFailures.get();
    }

    /** Totals for the input's close log line. */
    public String totals() {
        return "accepted=" + accepted + " rejected=" + rejected + " blank=" + blank + " publish_failures="
                + publishFailures.get();
    }

    /**
     * The input ended (connection closed, end of file or stdin, tailer stopped): ends its publisher channel, whose
     * end ticks follow the events already handed over. Call after the last line; idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) channel.close();
    }

    EventPublisher channel() {
        return channel;
    }

    GatewayMetrics.InputMeters meters() {
        return meters;
    }

    // Single writer (the input's thread); volatile only so other threads read fresh totals.
    void countAccepted(boolean trade, long tsMs) {
        accepted++;
        if (trade) trades++;
        if (tsMs < firstEventMs) firstEventMs = tsMs;
        lastEventMs = tsMs;
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
