package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.TopologyMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates trades into final 1s bars, one per instrument-second, emitted once when the second closes.
 *
 * <p>Per trade: one read and one write of the open-bar store (binary state, see {@link OpenBarCodec}), plus one
 * {@code putIfAbsent} on the dedupe store when the trade has a {@code trade_id}. A bar {@code [S, S+1000)} closes
 * when {@code S + 1000 + grace <= W} for the task's {@link Watermark} {@code W}, checked on every trade and on a
 * wall-clock punctuator; a trade for a bar at or below the closed watermark goes to the late sink instead.
 * Closed bars leave the stores (with their dedupe ids), and the progress store keeps the watermark, so a
 * restored task neither reopens an emitted second nor loses open ones.
 *
 * <p>Outputs (by child name): final bars (key {@code venue:symbol}, {@code ohlc1s} JSON, timestamp = bar start)
 * and late trades (original value, {@link LateHeaders}).
 */
public final class TradeBarProcessor implements Processor<byte[], DecodedTrade, byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(TradeBarProcessor.class);
    private static final long SECOND = BarInterval.S1.millis();
    private static final byte[] SEEN = {1};

    /** Names of the stores this processor uses and of the children it forwards to. */
    public record Wiring(String openBarsStore, String dedupeStore, String progressStore, String barsSink,
                         String lateSink, String rollupChild) {}

    private final Wiring wiring;
    private final long graceMs;
    private final EventCodec codec;
    private final TopologyMetrics metrics;
    private final BarClock clock;
    private final Watermark watermark;
    private final BarCloser closer;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> openBars;
    private KeyValueStore<Bytes, byte[]> dedupe;

    public TradeBarProcessor(Wiring wiring, Duration grace, Duration punctuateInterval, EventCodec codec,
                             TopologyMetrics metrics) {
        this.wiring = wiring;
        this.graceMs = grace.toMillis();
        this.codec = codec;
        this.metrics = metrics;
        this.clock = new BarClock(SECOND, graceMs, Watermark.IDLE_FLUSH_MS, punctuateInterval);
        this.watermark = clock.watermark;
        this.closer = clock.closer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        // init() runs again when an exactly-once task is revived: everything is re-derived from the stores.
        this.context = context;
        openBars = context.getStateStore(wiring.openBarsStore());
        dedupe = context.getStateStore(wiring.dedupeStore());
        clock.init(context, context.getStateStore(wiring.progressStore()), this::onWallClock);
    }

    @Override
    public void process(Record<byte[], DecodedTrade> record) {
        if (!(record.value() instanceof DecodedTrade.Accepted accepted)) return;
        Trade trade = accepted.trade();
        long now = context.currentSystemTimeMs();
        closeUpTo(watermark.observe(trade.tsMs(), trade.recvMs(), now), now);

        long start = BarInterval.S1.start(trade.tsMs());
        if (closer.isClosed(start)) {
            metrics.lateTrade();
            context.forward(new Record<>(record.key(), accepted.raw(), record.timestamp(),
                    LateHeaders.of(BarInterval.S1.label(), start, watermark.closed())), wiring.lateSink());
            return;
        }
        Bytes key = BarKeys.barKey(start, record.key());
        if (trade.tradeId() != null
                && dedupe.putIfAbsent(BarKeys.dedupeKey(key, trade.tradeId()), SEEN) != null) {
            metrics.duplicateTrade();
            return;
        }
        byte[] prev = openBars.get(key);
        openBars.put(key, prev == null ? OpenBarCodec.first(trade) : OpenBarCodec.add(prev, trade));
        closer.opened(start);
    }

    private void onWallClock(long now) {
        closeUpTo(watermark.at(now), now);
        clock.persistIfChanged();
    }

    private void closeUpTo(long w, long now) {
        long lastClosed = closer.closeUpTo(w, openBars, (key, start, state) -> emit(key, start, state, now));
        if (lastClosed != Watermark.NONE) {
            forgetTradeIds(lastClosed);
            clock.persist();
        }
    }

    private void emit(Bytes key, long start, byte[] state, long now) {
        Bar bar;
        try {
            bar = OpenBarCodec.toBar(state, BarKeys.instrument(key), start, now);
        } catch (InvalidEventException e) { // e.g. a volume that overflowed to infinity
            metrics.rejected(e.reason());
            log.warn("Dropped 1s bar {} at {}: {} ({})", BarKeys.instrument(key), start, e.reason().code(),
                    e.detail());
            return;
        }
        Record<byte[], byte[]> out = new Record<>(BarKeys.instrumentKey(key), codec.encode(bar), start,
                BarOrigin.fromTrades());
        context.forward(out, wiring.barsSink());
        context.forward(out, wiring.rollupChild());
        metrics.barEmitted(BarInterval.S1);
    }

    /** Dedupe keys begin with the bar start, so one range drops the ids of every bar closed so far. */
    private void forgetTradeIds(long lastClosable) {
        List<Bytes> ids = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = dedupe.range(BarKeys.lowest(), BarKeys.upperBound(lastClosable))) {
            while (it.hasNext()) ids.add(it.next().key);
        }
        for (Bytes k : ids) dedupe.delete(k);
    }

    @Override
    public void close() {
        clock.cancel();
    }
}
