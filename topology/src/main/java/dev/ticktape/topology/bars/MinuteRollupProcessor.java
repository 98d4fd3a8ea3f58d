package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls 1s bars up into 1m bars, emitted when the minute closes and again (revision + 1) when a revised or late
 * 1s bar changes a minute within the allowed lateness. The input holds the 1s bars this task computed from trades
 * (received in-task) and pre-aggregated {@code ohlc1s} bars producers published on {@code md.bars.1s}; each value
 * is validated here and anything that is not a valid {@code ohlc1s} bar goes to the dead-letter sink.
 *
 * <p>State per (minute, instrument): the latest 1s bar of each second ({@link MinuteStateCodec}), so a revised
 * 1s bar replaces the one it corrects. Each second is its own store entry ({@link BarKeys#slotKey}): a 1s bar
 * writes about 75 bytes instead of its whole minute (up to 60 slots), to the store and to its changelog. Minute {@code [M, M+60000)} closes when {@code M + 60000 + minuteGrace <=
 * W}, checked per record and on a wall-clock punctuator, where {@code W} (in 1s-bar-end time) is the highest of
 * <ul>
 *   <li>the trade processor's progress, read from its progress store: every 1s bar ending at or before
 *       {@code closed - grace} has been emitted; when it flushed everything (all producers gone, or a drain) the
 *       minutes up to that point close too;</li>
 *   <li>for producers' pre-aggregated bars, the wall-clock rule of {@link Watermark} over those bars alone.</li>
 * </ul>
 * Emitted minutes stay in the emitted store ({@link EmittedBars}) for the allowed lateness; a 1s bar for one
 * re-opens it and the next punctuation emits the revision. 1s bars for a minute beyond that go to the late sink.
 *
 * <p>Outputs (by child name): 1m bars (key {@code venue:symbol}, {@code ohlc1m} JSON, timestamp = minute start),
 * late 1s bars (value as received, {@link LateHeaders}), dead letters.
 */
public final class MinuteRollupProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(MinuteRollupProcessor.class);
    private static final long SECOND = BarInterval.S1.millis();
    private static final long MINUTE = BarInterval.M1.millis();
    private static final Bytes FLUSH_APPLIED_KEY = Bytes.wrap(new byte[] {3});

    /** Names of the stores this processor uses and of the sinks it forwards to. */
    public record Wiring(
            String openMinutesStore,
            String progressStore,
            String secondProgressStore,
            String emittedStore,
            String barsSink,
            String lateSink,
            String deadLetterSink,
            String stateChild) {}

    private final Wiring wiring;
    private final long graceMs;
    private final long allowedLatenessMs;
    private final long maxFutureSkewMs;
    private final EventCodec codec;
    private final TopologyMetrics metrics;
    private final DeadLetters deadLetters;
    private final BarClock<Watermark> clock;
    private final Watermark watermark;
    private final BarCloser closer;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> openMinutes;
    private KeyValueStore<Bytes, byte[]> secondProgress;
    private EmittedBars emitted;
    private long newestStart = TaskProgress.NONE;
    /** The trade processor's flush number this roll-up has applied (persisted), and the one its pass applies. */
    private long flushApplied;

    private long flushPending;
    private KeyValueStore<Bytes, byte[]> progress;
    private long reopenedMin = Long.MAX_VALUE;

    public MinuteRollupProcessor(Wiring wiring, TopologyConfig cfg, EventCodec codec, TopologyMetrics metrics) {
        this.wiring = wiring;
        this.graceMs = cfg.minuteGrace().toMillis();
        this.allowedLatenessMs = cfg.allowedLateness().toMillis();
        this.maxFutureSkewMs = cfg.maxFutureSkew().toMillis();
        this.codec = codec;
        this.metrics = metrics;
        this.deadLetters = new DeadLetters(codec, metrics);
        this.clock = new BarClock<>(
                MINUTE,
                graceMs,
                new Watermark(MINUTE + graceMs, Watermark.IDLE_FLUSH_MS + graceMs, graceMs),
                cfg.punctuateInterval());
        this.watermark = clock.watermark;
        this.closer = clock.closer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        openMinutes = context.getStateStore(wiring.openMinutesStore());
        secondProgress = context.getStateStore(wiring.secondProgressStore());
        emitted = new EmittedBars(context.getStateStore(wiring.emittedStore()));
        newestStart = TaskProgress.NONE;
        reopenedMin = Long.MAX_VALUE;
        progress = context.getStateStore(wiring.progressStore());
        splitWholeMinutes();
        byte[] applied = progress.get(FLUSH_APPLIED_KEY);
        flushApplied = applied == null ? 0 : ByteBuffer.wrap(applied).getLong();
        flushPending = flushApplied;
        clock.init(context, progress, this::onWallClock);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        Bar bar;
        try {
            bar = decode(record.value(), now);
        } catch (InvalidEventException e) {
            byte[] dlq = deadLetters.of(e, context.recordMetadata().orElse(null), record.value(), now);
            context.forward(record.withValue(dlq), wiring.deadLetterSink());
            return;
        }
        long end = bar.tsMs() + SECOND;
        if (!BarOrigin.computed(record.headers())) {
            // Producers' bars carry their own timing; bars computed here follow the trade processor's progress.
            long recv = bar.recvMs() == 0 ? now : bar.recvMs(); // a bar typed onto the topic has no receipt time
            watermark.observe(end, recv, now);
        }
        newestStart = Math.max(newestStart, bar.tsMs());

        long minute = BarInterval.M1.start(bar.tsMs());
        byte[] instrumentKey = BarKeys.ascii(bar.venue(), bar.symbol());
        if (minute + MINUTE + allowedLatenessMs <= newest()) {
            metrics.lateSecondBar();
            context.forward(
                    new Record<>(
                            instrumentKey,
                            record.value(),
                            record.timestamp(),
                            LateHeaders.of(
                                    BarInterval.M1.label(), minute, watermark.closed(), LateHeaders.BEYOND_LATENESS)),
                    wiring.lateSink());
            return;
        }
        Bytes key = BarKeys.barKey(minute, instrumentKey);
        int second = (int) ((bar.tsMs() - minute) / SECOND);
        if (closer.isClosed(minute) && !hasSlots(key)) {
            // Emitted already: re-open it from its emitted seconds; the next punctuation emits the revision.
            byte[] base = emitted.state(key);
            if (base != null) putSlots(key, MinuteStateCodec.slots(base));
            reopenedMin = Math.min(reopenedMin, minute);
        } else {
            closer.opened(minute);
        }
        openMinutes.put(BarKeys.slotKey(key, second), MinuteStateCodec.slot(second, bar));
        // After adding: a bar that arrives as its minute closes is in that emission, not a revision of it.
        closeUpTo(now, false);
    }

    private boolean hasSlots(Bytes minuteKey) {
        try (KeyValueIterator<Bytes, byte[]> it =
                openMinutes.range(BarKeys.slotKey(minuteKey, 0), BarKeys.slotUpperBound(minuteKey))) {
            return it.hasNext();
        }
    }

    private void putSlots(Bytes minuteKey, List<byte[]> slots) {
        for (byte[] slot : slots) openMinutes.put(BarKeys.slotKey(minuteKey, MinuteStateCodec.second(slot)), slot);
    }

    /**
     * Stores written before minutes were kept one second per key hold a whole minute under its bar key: split them
     * once, when the task starts, so that close passes only ever meet slots.
     */
    private void splitWholeMinutes() {
        List<KeyValue<Bytes, byte[]>> whole = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = openMinutes.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                if (!BarKeys.isSlotKey(e.key)) whole.add(e);
            }
        }
        for (KeyValue<Bytes, byte[]> e : whole) {
            openMinutes.delete(e.key);
            putSlots(e.key, MinuteStateCodec.slots(e.value));
        }
    }

    private static final List<String> TYPES = List.of("ohlc1s");

    private Bar decode(byte[] raw, long now) {
        if (raw == null || raw.length == 0) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "empty record value");
        }
        MarketEvent event = codec.decode(raw, 0, raw.length, EventCodec.DEFAULT_VENUE, TYPES);
        if (!(event instanceof Bar bar) || bar.interval() != BarInterval.S1) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE, "md.bars.1s carries ohlc1s bars only, got type '" + event.type() + "'");
        }
        if (bar.tsMs() - now > maxFutureSkewMs) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "ts_ms " + bar.tsMs() + " is " + (bar.tsMs() - now) + " ms ahead of the wall clock (limit "
                            + maxFutureSkewMs + " ms)");
        }
        return bar;
    }

    private void onWallClock(long now) {
        if (reopenedMin != Long.MAX_VALUE) {
            closer.opened(reopenedMin);
            reopenedMin = Long.MAX_VALUE;
        }
        closeUpTo(now, true);
        clock.persistIfChanged();
    }

    /** The newest event time this task knows of: its newest 1s bar's start, or the trade processor's newest trade. */
    private long newest() {
        byte[] s = secondProgress.get(TradeBarProcessor.MINUTE_SIGNAL_KEY);
        return s == null
                ? newestStart
                : Math.max(newestStart, ByteBuffer.wrap(s).getLong(2 * Long.BYTES));
    }

    /**
     * The roll-up's watermark. With {@code applyFlush} (punctuations only: never in the middle of the trade
     * processor's pass, whose bars must all be in first) a new flush of the trade processor (all producers gone,
     * or a drain) closes every minute up to its flush point, once; seconds that arrive later for such a minute
     * revise it when the minute really ends, or at the next flush.
     */
    private long watermarkAt(long now, boolean applyFlush) {
        long w = watermark.at(now);
        byte[] s = secondProgress.get(TradeBarProcessor.MINUTE_SIGNAL_KEY);
        if (s != null) {
            ByteBuffer b = ByteBuffer.wrap(s);
            w = Math.max(w, b.getLong(0));
            long flushThrough = b.getLong(Long.BYTES);
            long seq = s.length >= 4 * Long.BYTES ? b.getLong(3 * Long.BYTES) : 0;
            if (applyFlush && seq > flushApplied && flushThrough != TaskProgress.NONE) {
                w = Math.max(w, BarInterval.M1.start(flushThrough) + MINUTE + graceMs);
                flushPending = seq;
            }
        }
        return w;
    }

    private void flushApplied() {
        if (flushPending > flushApplied) {
            flushApplied = flushPending;
            progress.put(
                    FLUSH_APPLIED_KEY,
                    ByteBuffer.allocate(Long.BYTES).putLong(flushApplied).array());
        }
    }

    private void closeUpTo(long now, boolean applyFlush) {
        // The closer meets each closing minute's slots together and in second order: gather them, emit per minute.
        MinuteGatherer minutes = new MinuteGatherer((key, start, state) -> emit(key, start, state, now));
        long closedAny = closer.closeUpTo(watermarkAt(now, applyFlush), openMinutes, minutes);
        minutes.finish();
        flushApplied();
        if (closedAny != TaskProgress.NONE) {
            long newest = newest();
            // One minute of margin over the trade processor's horizon: a 1s bar it may still revise always finds
            // its minute here.
            if (newest != TaskProgress.NONE) emitted.forgetUpTo(newest - allowedLatenessMs - 2 * MINUTE);
            clock.persist();
        }
    }

    private void emit(Bytes key, long start, byte[] state, long now) {
        Bar bar;
        try {
            bar = MinuteStateCodec.toBar(state, BarKeys.instrument(key), start, now);
        } catch (InvalidEventException e) {
            metrics.rejected(e.reason());
            log.warn(
                    "Dropped 1m bar {} at {}: {} ({})",
                    BarKeys.instrument(key),
                    start,
                    e.reason().code(),
                    e.detail());
            return;
        }
        int revision = emitted.emitted(key, start, state);
        if (revision > 0) {
            bar = bar.withRevision(revision);
            metrics.barRevised(BarInterval.M1);
        }
        Record<byte[], byte[]> out = new Record<>(BarKeys.instrumentKey(key), codec.encode(bar), start);
        context.forward(out, wiring.barsSink());
        context.forward(out, wiring.stateChild());
        metrics.barEmitted(BarInterval.M1);
    }

    @Override
    public void close() {
        clock.cancel();
    }
}
