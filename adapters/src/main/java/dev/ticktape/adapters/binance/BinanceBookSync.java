package dev.ticktape.adapters.binance;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.model.BookUpdate;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one symbol's {@link BinanceBook}: feeds diff events, fetches REST snapshots when the book needs one,
 * and publishes the result on {@code md.books} as a snapshot followed by the deltas applied after it. A consumer
 * that applies these in order holds the same book as the adapter. Thread-safe.
 */
final class BinanceBookSync {
    private static final Logger log = LoggerFactory.getLogger(BinanceBookSync.class);
    private static final long RETRY_MS = 200;

    private final String symbol;
    private final BinanceParser parser;
    private final BinanceRest rest;
    private final Executor restExecutor;
    private final ScheduledExecutorService timer;
    private final Consumer<BookUpdate> publish;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final BinanceBook book = new BinanceBook();
    private boolean snapshotPending;
    private volatile boolean closed;

    BinanceBookSync(
            String symbol,
            BinanceParser parser,
            BinanceRest rest,
            Executor restExecutor,
            ScheduledExecutorService timer,
            Consumer<BookUpdate> publish,
            AdapterMetrics metrics,
            StatusReporter status) {
        this.symbol = symbol;
        this.parser = parser;
        this.rest = rest;
        this.restExecutor = restExecutor;
        this.timer = timer;
        this.publish = publish;
        this.metrics = metrics;
        this.status = status;
    }

    synchronized void onUpdate(BinanceWsFrame.DepthUpdate u, long recvMs) {
        switch (book.onUpdate(u)) {
            case APPLIED -> publish.accept(parser.toDelta(u, recvMs));
            case STALE -> {}
            case BUFFERED -> requestSnapshot(0);
            case GAP -> {
                metrics.bookGap();
                log.info("binance {} book gap at U={}, resyncing", symbol, u.firstUpdateId());
                status.degrade("book:" + symbol, symbol + " book resync after sequence gap");
                requestSnapshot(0);
            }
        }
    }

    synchronized BinanceBook.View view() {
        return book.view();
    }

    synchronized boolean live() {
        return book.phase() == BinanceBook.Phase.LIVE;
    }

    void close() {
        closed = true;
    }

    private void requestSnapshot(long delayMs) {
        if (snapshotPending || closed) return;
        snapshotPending = true;
        Runnable fetch = () -> restExecutor.execute(this::fetchSnapshot);
        if (delayMs == 0) fetch.run();
        else timer.schedule(fetch, delayMs, TimeUnit.MILLISECONDS);
    }

    private void fetchSnapshot() {
        if (closed) return;
        BinanceDepthSnapshot snap;
        try {
            snap = parser.decodeDepthSnapshot(rest.get("/api/v3/depth", Map.of("symbol", symbol, "limit", "1000")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            log.warn("binance {} depth snapshot failed: {}", symbol, e.toString());
            retry();
            return;
        }
        long recvMs = System.currentTimeMillis();
        synchronized (this) {
            snapshotPending = false;
            if (book.phase() == BinanceBook.Phase.LIVE) return;
            BinanceBook.SnapshotResult r = book.onSnapshot(snap);
            if (r instanceof BinanceBook.SnapshotResult.Applied applied) {
                publish.accept(parser.toSnapshot(symbol, snap, recvMs));
                for (BinanceWsFrame.DepthUpdate u : applied.applied()) publish.accept(parser.toDelta(u, recvMs));
                status.recover("book:" + symbol);
            } else {
                requestSnapshot(RETRY_MS);
            }
        }
    }

    private synchronized void retry() {
        snapshotPending = false;
        requestSnapshot(RETRY_MS * 5);
    }
}
