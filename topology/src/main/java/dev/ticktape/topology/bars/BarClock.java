package dev.ticktape.topology.bars;

import java.time.Duration;
import java.util.function.LongConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The time-keeping both bar processors share: a {@link TaskProgress} persisted in the task's progress store (so
 * a revived task neither re-opens closed bars nor loses open ones), the {@link BarCloser} that applies it, and the
 * wall-clock punctuator that closes bars of quiet instruments.
 */
final class BarClock<P extends TaskProgress> {
    private static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {1});

    final P watermark;
    final BarCloser closer;
    private final Duration punctuateInterval;
    private KeyValueStore<Bytes, byte[]> progress;
    private Cancellable punctuator;

    BarClock(long intervalMs, long graceMs, P progress, Duration punctuateInterval) {
        this.watermark = progress;
        this.closer = new BarCloser(intervalMs, graceMs, progress);
        this.punctuateInterval = punctuateInterval;
    }

    /** (Re)initialises from the progress store and schedules {@code onWallClock}; runs again on task revival. */
    void init(ProcessorContext<?, ?> context, KeyValueStore<Bytes, byte[]> progressStore, LongConsumer onWallClock) {
        progress = progressStore;
        watermark.restore(progress.get(PROGRESS_KEY), context.currentSystemTimeMs());
        closer.reset();
        cancel();
        punctuator = context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, onWallClock::accept);
    }

    void persist() {
        progress.put(PROGRESS_KEY, watermark.toBytes());
        watermark.persisted();
    }

    void persistIfChanged() {
        if (watermark.unpersisted()) persist();
    }

    void cancel() {
        if (punctuator != null) punctuator.cancel();
        punctuator = null;
    }
}
