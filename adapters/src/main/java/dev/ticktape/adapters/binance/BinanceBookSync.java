package dev.ticktape.adapters.binance;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.Gap;
import dev.ticktape.model.codec.LogText;
import java.util.List;
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
 *
 * <p>Gaps: a {@code U}/{@code u} discontinuity on a live book is a {@code SEQUENCE_GAP} of the symbol, open from the
 * event time of the last applied update until a snapshot brings the book back in sync (recovery {@code partial}:
 * the snapshot restores the book, the lost updates themselves are not refetched). A discontinuity right after a
 * reconnect is inside the connection's outage gap and is not recorded again. A snapshot that keeps coming back
 * older than the buffered updates is re-fetched with exponential backoff (never faster than the REST weight pacing
 * of {@link BinanceRest}); after {@value #DEGRADE_AFTER} such answers the connection is marked degraded and a
 * {@code BOOK_RESYNC} gap of the symbol is open until the book is in sync.
 */
final class BinanceBookSync {
    private static final Logger log = LoggerFactory.getLogger(BinanceBookSync.class);
    /** Too-old or failed snapshots in a row before the book counts as degraded. */
    static final int DEGRADE_AFTER = 3;

    private final String symbol;
    private final BinanceParser parser;
    private final BinanceRest rest;
    private final Executor restExecutor;
    private final ScheduledExecutorService timer;
    private final Consumer<BookUpdate> publish;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final Backoff backoff;
    private final BinanceBook book = new BinanceBook();
    private boolean snapshotPending;
    private volatile boolean closed;
    /** Snapshots in a row that did not sync the book (too old or failed). */
    private int attempts;

    private long lastAppliedEventMs;
    /** Set by a reconnect: the next discontinuity belongs to the outage gap. */
    private boolean afterReconnect;
    /** When the book started waiting for the snapshot now being fetched (0 when live). */
    private long resyncSinceMs;

    BinanceBookSync(
            String symbol,
            BinanceParser parser,
            BinanceRest rest,
            Executor restExecutor,
            ScheduledExecutorService timer,
            Consumer<BookUpdate> publish,
            AdapterMetrics metrics,
            StatusReporter status,
            Backoff backoff) {
        this.symbol = symbol;
        this.parser = parser;
        this.rest = rest;
        this.restExecutor = restExecutor;
        this.timer = timer;
        this.publish = publish;
        this.metrics = metrics;
        this.status = status;
        this.backoff = backoff;
    }

    synchronized void onUpdate(BinanceWsFrame.DepthUpdate u, long recvMs) {
        long expected = book.lastUpdateId() + 1;
        boolean reconnected = afterReconnect;
        afterReconnect = false;
        switch (book.onUpdate(u)) {
            case APPLIED -> {
                lastAppliedEventMs = u.eventTime();
                publish.accept(parser.toDelta(u, recvMs));
            }
            case STALE -> {}
            case BUFFERED -> {
                if (resyncSinceMs == 0) resyncSinceMs = recvMs;
                requestSnapshot(0);
            }
            case GAP -> {
                metrics.bookGap();
                log.info("binance {} book gap at U={}, resyncing", symbol, u.firstUpdateId());
                status.degrade("book:" + symbol, symbol + " book resync after sequence gap");
                resyncSinceMs = recvMs;
                if (!reconnected) {
                    status.gaps()
                            .open(
                                    seqKey(),
                                    lastAppliedEventMs > 0 ? lastAppliedEventMs : recvMs,
                                    List.of(symbol),
                                    Gap.Cause.BOOK_SEQUENCE_GAP,
                                    "depth update ids " + expected + ".." + (u.firstUpdateId() - 1) + " missing");
                }
                requestSnapshot(0);
            }
        }
    }

    /** An unplanned reconnect: a discontinuity on the next update is part of the connection's outage gap. */
    synchronized void onReconnected() {
        afterReconnect = true;
    }

    synchronized BinanceBook.View view() {
        return book.view();
    }

    synchronized boolean live() {
        return book.phase() == BinanceBook.Phase.LIVE;
    }

    /** Snapshots in a row that have not synced the book yet. */
    synchronized int attempts() {
        return attempts;
    }

    void close() {
        closed = true;
    }

    private String seqKey() {
        return "depth:" + symbol;
    }

    private String resyncKey() {
        return "resync:" + symbol;
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
            log.warn("binance {} depth snapshot failed: {}", symbol, LogText.printable(e.toString()));
            retry("depth snapshot failed: " + e.getMessage());
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
                lastAppliedEventMs = applied.applied().isEmpty()
                        ? lastAppliedEventMs
                        : applied.applied().get(applied.applied().size() - 1).eventTime();
                if (attempts >= DEGRADE_AFTER) {
                    log.info("binance {} book in sync after {} snapshots", symbol, attempts + 1);
                }
                attempts = 0;
                resyncSinceMs = 0;
                status.gaps().close(seqKey(), recvMs, Gap.Recovery.PARTIAL, 1);
                status.gaps().close(resyncKey(), recvMs, Gap.Recovery.PARTIAL, 1);
                status.recover("book:" + symbol);
            } else if (r instanceof BinanceBook.SnapshotResult.TooOld) {
                retry("snapshot lastUpdateId " + snap.lastUpdateId() + " older than the buffered updates");
            } else {
                retry("the buffered updates do not continue snapshot " + snap.lastUpdateId());
            }
        }
    }

    /** The snapshot did not sync the book: fetch again after a growing delay, degrading after a few tries. */
    private synchronized void retry(String why) {
        snapshotPending = false;
        attempts++;
        if (attempts == DEGRADE_AFTER) {
            String detail = symbol + " book not in sync after " + attempts + " snapshots: " + why;
            log.warn("binance {}", LogText.printable(detail));
            status.degrade("book:" + symbol, detail);
            long from = resyncSinceMs > 0 ? resyncSinceMs : System.currentTimeMillis();
            status.gaps().open(resyncKey(), from, List.of(symbol), Gap.Cause.BOOK_RESYNC, detail);
        }
        requestSnapshot(backoff.ceilingMs(attempts - 1));
    }
}
