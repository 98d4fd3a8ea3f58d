package dev.ticktape.app.decisions;

import dev.ticktape.app.health.HealthCheck;
import java.io.IOException;
import java.util.List;

/** Where a {@link DecisionFeed} delivers decision lines (JSON, no newline). Used from the feed's thread only. */
interface LineSink extends AutoCloseable {
    /**
     * Delivers one poll's lines. Throwing means nothing may be assumed delivered: the feed retries the same lines
     * and commits no offset past them (at-least-once).
     */
    void write(List<byte[]> lines) throws IOException;

    /** Up, or down with what is wrong (e.g. the file cannot be written). */
    HealthCheck.Component health();

    @Override
    void close();
}
