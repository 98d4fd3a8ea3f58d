package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.model.codec.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads NDJSON from an {@link InputStream} (stdin) until end of stream on the calling thread. Blocks while the
 * {@link InflightBudget} is paused, so a fast pipe is throttled to what the publisher acknowledges. A last line
 * without newline is processed. Stops with {@link PublishFailedException} at the first failed publish.
 */
public final class NdjsonStreamReader {
    private static final Logger log = LoggerFactory.getLogger(NdjsonStreamReader.class);
    private static final int CHUNK = 64 * 1024;

    private final LineHandler handler;
    private final InflightBudget budget;

    public NdjsonStreamReader(LineHandler handler, InflightBudget budget) {
        this.handler = handler;
        this.budget = budget;
    }

    /** Reads {@code in} to its end, labelled {@code source}; returns the session with its totals. */
    public LineSession readAll(InputStream in, LineSource source) throws IOException, InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LineSession session = handler.open(source, f -> failure.compareAndSet(null, f));
        LineSplitter splitter = handler.splitter(session);
        log.info("ndjson input opened {}", LogText.printable(source.label()));
        byte[] buf = new byte[CHUNK];
        try {
            int n;
            while (true) {
                budget.awaitCapacity();
                throwIfFailed(source, failure);
                n = in.read(buf);
                if (n < 0) break;
                splitter.feed(buf, 0, n);
            }
            splitter.finish();
            throwIfFailed(source, failure);
        } finally {
            session.close(); // ends the run's publisher channel behind its last line
            log.info("ndjson input closed {} {}", LogText.printable(source.label()), session.totals());
        }
        return session;
    }

    private static void throwIfFailed(LineSource source, AtomicReference<Throwable> failure)
            throws PublishFailedException {
        Throwable f = failure.get();
        if (f != null) throw new PublishFailedException(source.label(), f);
    }
}
