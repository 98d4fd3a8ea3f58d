package dev.ticktape.adapters.binance;

import dev.ticktape.adapters.runtime.AdapterMetrics;
import dev.ticktape.adapters.runtime.StatusReporter;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.LogText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one symbol's trades once each, in trade-id order, without gaps: duplicates (overlapping connections)
 * are dropped, a jump in ids or a reconnect starts a REST gap-fill, and live trades arriving meanwhile wait in a
 * buffer until the fill has caught up. Thread-safe: socket and REST threads both enter.
 *
 * <p>A jump in ids is recorded as a {@code SEQUENCE_GAP} of the symbol, from the trade time of the last trade
 * before it to the trade time of the one after it; the fill that follows (with any fill it chains) is one
 * <em>episode</em> whose outcome sets the gap's recovery: {@code backfilled} when every missing id was published,
 * {@code partial} when some were, {@code none} otherwise. A reconnect's fill reports its outcome to the caller
 * instead, which judges the connection's outage gap over all symbols.
 */
final class BinanceTradeSequencer {
    /** Receives the outcome of a fill episode: whether every missing trade was published, and how many were. */
    @FunctionalInterface
    interface FillOutcome {
        void done(boolean complete, long filled);
    }

    private static final Logger log = LoggerFactory.getLogger(BinanceTradeSequencer.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final String REST_SOURCE = "rest:binance";

    private final String symbol;
    private final BinanceParser parser;
    private final BinanceGapFill gapFill;
    private final Executor restExecutor;
    private final Consumer<Trade> publish;
    private final AdapterMetrics metrics;
    private final StatusReporter status;
    private final TreeMap<Long, Trade> buffer = new TreeMap<>();
    private long lastId = -1;
    private long lastTradeMs;
    private boolean filling;
    /** The gap the current episode repairs (null for a reconnect's), and who else waits for its outcome. */
    private Gap episodeGap;

    private final List<FillOutcome> episodeListeners = new ArrayList<>();
    private long episodeFilled;

    BinanceTradeSequencer(
            String symbol,
            BinanceParser parser,
            BinanceGapFill gapFill,
            Executor restExecutor,
            Consumer<Trade> publish,
            AdapterMetrics metrics,
            StatusReporter status) {
        this.symbol = symbol;
        this.parser = parser;
        this.gapFill = gapFill;
        this.restExecutor = restExecutor;
        this.publish = publish;
        this.metrics = metrics;
        this.status = status;
    }

    synchronized void onLive(BinanceWsFrame.Trade f, long recvMs, String source) {
        long id = f.tradeId();
        if (id <= lastId) return;
        Trade t = parser.toTrade(f, recvMs, source);
        if (filling) {
            buffer.put(id, t);
        } else if (lastId >= 0 && id > lastId + 1) {
            buffer.put(id, t);
            episodeGap = status.gaps()
                    .record(
                            lastTradeMs,
                            f.tradeTime() + 1,
                            List.of(symbol),
                            Gap.Cause.SEQUENCE_GAP,
                            Gap.Recovery.NONE,
                            0,
                            "trade ids " + (lastId + 1) + ".." + (id - 1) + " missing");
            episodeFilled = 0;
            startFill(lastId + 1, id - 1);
        } else {
            emit(id, t);
        }
    }

    /**
     * After an unplanned reconnect: fetch everything after the last published trade up to now; {@code outcome} (may
     * be null) hears how it went. With no trade published yet there is nothing to fill from: reported incomplete.
     */
    synchronized void onReconnected(FillOutcome outcome) {
        if (lastId < 0) {
            if (outcome != null) outcome.done(false, 0);
            return;
        }
        if (outcome != null) episodeListeners.add(outcome);
        if (!filling) {
            episodeGap = null;
            episodeFilled = 0;
            startFill(lastId + 1, Long.MAX_VALUE);
        }
    }

    synchronized long lastTradeId() {
        return lastId;
    }

    private void startFill(long fromId, long toId) {
        filling = true;
        status.degrade("gapfill:" + symbol, "filling " + symbol + " trades from id " + fromId);
        restExecutor.execute(() -> fill(fromId, toId));
    }

    private void fill(long fromId, long toId) {
        long next = fromId;
        int failures = 0;
        long filled = 0;
        boolean failed = false;
        while (next <= toId) {
            List<BinanceWsFrame.Trade> page;
            try {
                page = gapFill.page(symbol, next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (++failures < MAX_ATTEMPTS) continue;
                log.warn(
                        "binance {} trade gap ids {}..{} not filled: {}",
                        symbol,
                        next,
                        toId,
                        LogText.printable(e.toString()));
                failed = true;
                break;
            }
            long recvMs = System.currentTimeMillis();
            synchronized (this) {
                for (BinanceWsFrame.Trade f : page) {
                    if (f.tradeId() > toId) break;
                    if (f.tradeId() <= lastId) continue;
                    emit(f.tradeId(), parser.toTrade(f, recvMs, REST_SOURCE));
                    filled++;
                }
            }
            if (page.isEmpty() || page.size() < BinanceGapFill.PAGE) break;
            next = page.get(page.size() - 1).tradeId() + 1;
        }
        metrics.gapFilled(filled);
        if (filled > 0) log.info("binance {} gap-filled {} trades", symbol, filled);
        finishFill(filled, failed || (toId != Long.MAX_VALUE && lastTradeId() < toId));
    }

    private synchronized void finishFill(long filled, boolean failed) {
        filling = false;
        episodeFilled += filled;
        boolean complete = !failed;
        while (!buffer.isEmpty()) {
            Map.Entry<Long, Trade> e = buffer.pollFirstEntry();
            long id = e.getKey();
            if (id <= lastId) continue;
            if (id > lastId + 1 && lastId >= 0) {
                if (!failed) {
                    // Trades printed between the end of the REST answer and the first live one: fill again.
                    buffer.put(id, e.getValue());
                    startFill(lastId + 1, id - 1);
                    return;
                }
                // REST gave up: publish on past the hole rather than retry without end; the gap says what is missing.
                complete = false;
            }
            emit(id, e.getValue());
        }
        status.recover("gapfill:" + symbol);
        endEpisode(complete);
    }

    private void endEpisode(boolean complete) {
        long filled = episodeFilled;
        Gap gap = episodeGap;
        List<FillOutcome> listeners = List.copyOf(episodeListeners);
        episodeGap = null;
        episodeListeners.clear();
        episodeFilled = 0;
        if (gap != null) {
            Gap.Recovery how =
                    complete ? Gap.Recovery.BACKFILLED : filled > 0 ? Gap.Recovery.PARTIAL : Gap.Recovery.NONE;
            status.gaps().recovered(gap, how, filled);
        }
        for (FillOutcome l : listeners) l.done(complete, filled);
    }

    private void emit(long id, Trade t) {
        lastId = id;
        lastTradeMs = t.tsMs();
        publish.accept(t);
    }
}
