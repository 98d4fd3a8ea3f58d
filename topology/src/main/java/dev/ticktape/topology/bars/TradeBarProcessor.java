package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.DrainSignal;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import java.nio.ByteBuffer;
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
 * Aggregates trades into 1s bars, emitted when the second closes and emitted again (revision + 1) when a late
 * trade changes a bar within the allowed lateness.
 *
 * <p>Per trade: one read and one write of the open-bar store (binary state, see {@link OpenBarCodec}), plus one
 * {@code putIfAbsent} on the dedupe store when the trade has a {@code trade_id}. A bar {@code [S, S+1000)} closes
 * when {@code S + 1000 + grace <= W} for the task's {@link TradeClock} {@code W} (the minimum of its producers'
 * clocks), checked on every trade and tick and on a wall-clock punctuator. Emitted bars move to the emitted store
 * ({@link EmittedBars}); a trade for one re-opens it from there and the next close pass (at most one punctuation
 * later, so a burst of late trades makes one revision) emits it with the next revision. A trade whose bar ended
 * more than the allowed lateness before the newest trade of the task goes to the late sink with a reason.
 *
 * <p>Outputs (by child name): bars (key {@code venue:symbol}, {@code ohlc1s} JSON, timestamp = bar start), to
 * the topic and to the minute roll-up, and late trades (original value, {@link LateHeaders}). The progress
 * store keeps the clock and, under {@link #MINUTE_SIGNAL_KEY}, what the roll-up needs to close its minutes.
 */
public final class TradeBarProcessor implements Processor<byte[], DecodedTrade, byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(TradeBarProcessor.class);
    private static final long SECOND = BarInterval.S1.millis();
    private static final byte[] SEEN = {1};
    /**
     * Progress-store key of {@code [closed - grace (8)][flushThrough (8)][streamMax (8)][flushSeq (8)]}, read by the
     * minute roll-up: 1s bars ending at or before the first are all emitted; flush number {@code flushSeq} emitted
     * every bar up to {@code flushThrough}.
     */
    static final Bytes MINUTE_SIGNAL_KEY = Bytes.wrap(new byte[] {2});

    /** Names of the stores this processor uses and of the children it forwards to. */
    public record Wiring(
            String openBarsStore,
            String dedupeStore,
            String progressStore,
            String emittedStore,
            String barsSink,
            String lateSink,
            String rollupChild) {}

    private final Wiring wiring;
    private final long graceMs;
    private final long allowedLatenessMs;
    private final EventCodec codec;
    private final TopologyMetrics metrics;
    private final DrainSignal drain;
    private final BarClock<TradeClock> clock;
    private final TradeClock watermark;
    private final BarCloser closer;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> openBars;
    private KeyValueStore<Bytes, byte[]> dedupe;
    private KeyValueStore<Bytes, byte[]> progress;
    private EmittedBars emitted;
    /** Lowest start of a bar re-opened since the last punctuation ({@code MAX_VALUE}: none). */
    private long reopenedMin = Long.MAX_VALUE;

    public TradeBarProcessor(
            Wiring wiring, TopologyConfig cfg, EventCodec codec, TopologyMetrics metrics, DrainSignal drain) {
        this.wiring = wiring;
        this.graceMs = cfg.grace().toMillis();
        this.allowedLatenessMs = cfg.allowedLateness().toMillis();
        this.codec = codec;
        this.metrics = metrics;
        this.drain = drain;
        this.clock = new BarClock<>(
                SECOND,
                graceMs,
                new TradeClock(SECOND + graceMs, cfg.producerIdle().toMillis(), graceMs),
                cfg.punctuateInterval());
        this.watermark = clock.watermark;
        this.closer = clock.closer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        // init() runs again when an exactly-once task is revived: everything is re-derived from the stores.
        this.context = context;
        openBars = context.getStateStore(wiring.openBarsStore());
        dedupe = context.getStateStore(wiring.dedupeStore());
        progress = context.getStateStore(wiring.progressStore());
        emitted = new EmittedBars(context.getStateStore(wiring.emittedStore()));
        reopenedMin = Long.MAX_VALUE;
        clock.init(context, progress, this::onWallClock);
        drain.register(this);
    }

    @Override
    public void process(Record<byte[], DecodedTrade> record) {
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof DecodedTrade.Tick t) {
            ProducerTick tick = t.tick();
            watermark.tick(tick.producer(), tick.tsMs(), tick.end(), now);
            closeUpTo(watermark.at(now), now);
            return;
        }
        if (!(record.value() instanceof DecodedTrade.Accepted accepted)) return;
        Trade trade = accepted.trade();
        watermark.trade(accepted.producer(), trade.tsMs(), trade.recvMs(), now);
        closeUpTo(watermark.at(now), now);

        long start = BarInterval.S1.start(trade.tsMs());
        if (start + SECOND + allowedLatenessMs <= watermark.streamMax()) {
            metrics.lateTrade();
            context.forward(
                    new Record<>(
                            record.key(),
                            accepted.raw(),
                            record.timestamp(),
                            LateHeaders.of(
                                    BarInterval.S1.label(), start, watermark.closed(), LateHeaders.BEYOND_LATENESS)),
                    wiring.lateSink());
            return;
        }
        Bytes key = BarKeys.barKey(start, record.key());
        if (trade.tradeId() != null && dedupe.putIfAbsent(BarKeys.dedupeKey(key, trade.tradeId()), SEEN) != null) {
            metrics.duplicateTrade();
            return;
        }
        metrics.aggregatedTrade();
        byte[] prev = openBars.get(key);
        boolean closed = closer.isClosed(start);
        if (closed) metrics.revisingTrade();
        if (prev != null) {
            openBars.put(key, OpenBarCodec.add(prev, trade));
        } else if (closed) {
            // Emitted already: re-open it from its emitted state; the next punctuation emits the revision.
            byte[] base = emitted.state(key);
            openBars.put(key, base == null ? OpenBarCodec.first(trade) : OpenBarCodec.add(base, trade));
            reopenedMin = Math.min(reopenedMin, start);
            watermark.opened();
        } else {
            openBars.put(key, OpenBarCodec.first(trade));
            closer.opened(start);
            watermark.opened();
        }
    }

    private void onWallClock(long now) {
        if (drain.requested()) watermark.drain();
        if (reopenedMin != Long.MAX_VALUE) {
            closer.opened(reopenedMin);
            reopenedMin = Long.MAX_VALUE;
        }
        closeUpTo(watermark.at(now), now);
        int idled = watermark.takeIdled();
        if (idled > 0) metrics.producerIdled(idled);
        persistIfChanged();
        if (drain.requested()) drain.flushed(this, System.nanoTime());
    }

    private void closeUpTo(long w, long now) {
        long lastClosed = closer.closeUpTo(w, openBars, (key, start, state) -> emit(key, start, state, now));
        if (lastClosed != TaskProgress.NONE) {
            forgetTradeIds(lastClosed);
            long streamMax = watermark.streamMax();
            if (streamMax != TaskProgress.NONE) emitted.forgetUpTo(streamMax - allowedLatenessMs - SECOND);
            persist();
        }
    }

    private void persistIfChanged() {
        if (watermark.unpersisted()) persist();
    }

    private void persist() {
        clock.persist();
        long closed = watermark.closed();
        progress.put(
                MINUTE_SIGNAL_KEY,
                ByteBuffer.allocate(4 * Long.BYTES)
                        .putLong(closed == TaskProgress.NONE ? TaskProgress.NONE : closed - graceMs)
                        .putLong(watermark.flushThrough())
                        .putLong(watermark.streamMax())
                        .putLong(watermark.flushSeq())
                        .array());
    }

    private void emit(Bytes key, long start, byte[] state, long now) {
        Bar bar;
        try {
            bar = OpenBarCodec.toBar(state, BarKeys.instrument(key), start, now);
        } catch (InvalidEventException e) { // e.g. a volume that overflowed to infinity
            metrics.rejected(e.reason());
            log.warn(
                    "Dropped 1s bar {} at {}: {} ({})",
                    BarKeys.instrument(key),
                    start,
                    e.reason().code(),
                    e.detail());
            return;
        }
        int revision = emitted.emitted(key, start, state);
        if (revision > 0) {
            bar = bar.withRevision(revision);
            metrics.barRevised(BarInterval.S1);
        }
        Record<byte[], byte[]> out =
                new Record<>(BarKeys.instrumentKey(key), codec.encode(bar), start, BarOrigin.fromTrades());
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
        drain.unregister(this);
    }
}
