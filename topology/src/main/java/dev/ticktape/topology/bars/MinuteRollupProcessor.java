package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.TopologyMetrics;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls {@code md.bars.1s} up into final 1m bars. The input holds 1s bars built from trades and pre-aggregated
 * {@code ohlc1s} bars published by gateways; each value is validated here and anything that is not a valid
 * {@code ohlc1s} bar goes to the dead-letter sink.
 *
 * <p>State per (minute, instrument): the latest 1s bar of each second ({@link MinuteStateCodec}). The watermark
 * runs on 1s bar ends ({@code ts_ms + 1000}); minute {@code [M, M+60000)} closes when
 * {@code M + 60000 + minuteGrace <= W}, checked per record and on a wall-clock punctuator. 1s bars for a closed
 * minute are counted and forwarded to the late sink.
 *
 * <p>Outputs (by child name): 1m bars (key {@code venue:symbol}, {@code ohlc1m} JSON, timestamp = minute start),
 * late 1s bars (value as received, {@link LateHeaders}), dead letters.
 */
public final class MinuteRollupProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(MinuteRollupProcessor.class);
    private static final long SECOND = BarInterval.S1.millis();
    private static final long MINUTE = BarInterval.M1.millis();

    /** Names of the stores this processor uses and of the sinks it forwards to. */
    public record Wiring(String openMinutesStore, String progressStore, String barsSink, String lateSink,
                         String deadLetterSink, String stateChild) {}

    private final Wiring wiring;
    private final long graceMs;
    private final long maxFutureSkewMs;
    private final EventCodec codec;
    private final TopologyMetrics metrics;
    private final DeadLetters deadLetters;
    private final BarClock clock;
    private final Watermark watermark;
    private final BarCloser closer;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> openMinutes;

    public MinuteRollupProcessor(Wiring wiring, Duration minuteGrace, Duration maxFutureSkew,
                                 Duration punctuateInterval, EventCodec codec, TopologyMetrics metrics) {
        this.wiring = wiring;
        this.graceMs = minuteGrace.toMillis();
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.codec = codec;
        this.metrics = metrics;
        this.deadLetters = new DeadLetters(codec, metrics);
        this.clock = new BarClock(MINUTE, graceMs, Watermark.IDLE_FLUSH_MS + graceMs, punctuateInterval);
        this.watermark = clock.watermark;
        this.closer = clock.closer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        openMinutes = context.getStateStore(wiring.openMinutesStore());
        clock.init(context, context.getStateStore(wiring.progressStore()), this::onWallClock);
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
        long recv = bar.recvMs() == 0 ? now : bar.recvMs(); // a bar typed onto the topic carries no receipt time
        closeUpTo(watermark.observe(bar.tsMs() + SECOND, recv, now), now);

        long minute = BarInterval.M1.start(bar.tsMs());
        byte[] instrumentKey = BarKeys.ascii(bar.venue(), bar.symbol());
        if (closer.isClosed(minute)) {
            metrics.lateSecondBar();
            context.forward(new Record<>(instrumentKey, record.value(), record.timestamp(),
                    LateHeaders.of(BarInterval.M1.label(), minute, watermark.closed())), wiring.lateSink());
            return;
        }
        Bytes key = BarKeys.barKey(minute, instrumentKey);
        int second = (int) ((bar.tsMs() - minute) / SECOND);
        openMinutes.put(key, MinuteStateCodec.put(openMinutes.get(key), second, bar));
        closer.opened(minute);
    }

    private Bar decode(byte[] raw, long now) {
        if (raw == null || raw.length == 0) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "empty record value");
        }
        MarketEvent event = codec.decode(raw, 0, raw.length, EventCodec.DEFAULT_VENUE);
        if (!(event instanceof Bar bar) || bar.interval() != BarInterval.S1) {
            throw new InvalidEventException(RejectReason.UNKNOWN_TYPE,
                    "md.bars.1s carries ohlc1s bars only, got type '" + event.type() + "'");
        }
        if (bar.tsMs() - now > maxFutureSkewMs) {
            throw new InvalidEventException(RejectReason.TIMESTAMP_OUT_OF_RANGE, "ts_ms " + bar.tsMs() + " is "
                    + (bar.tsMs() - now) + " ms ahead of the wall clock (limit " + maxFutureSkewMs + " ms)");
        }
        return bar;
    }

    private void onWallClock(long now) {
        closeUpTo(watermark.at(now), now);
        clock.persistIfChanged();
    }

    private void closeUpTo(long w, long now) {
        if (closer.closeUpTo(w, openMinutes, (key, start, state) -> emit(key, start, state, now))
                != Watermark.NONE) {
            clock.persist();
        }
    }

    private void emit(Bytes key, long start, byte[] state, long now) {
        Bar bar;
        try {
            bar = MinuteStateCodec.toBar(state, BarKeys.instrument(key), start, now);
        } catch (InvalidEventException e) {
            metrics.rejected(e.reason());
            log.warn("Dropped 1m bar {} at {}: {} ({})", BarKeys.instrument(key), start, e.reason().code(),
                    e.detail());
            return;
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
