package dev.ticktape.topology.bars;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The close rule shared by the 1s and 1m processors: bar {@code [S, S+interval)} is final once
 * {@code S + interval + grace <= W}. Open bars live in a store keyed by {@link BarKeys}, so the closable ones are
 * one range scan from the lowest key. A lower bound on open bar starts lets almost every record skip the scan:
 * it runs about once per interval of watermark progress.
 */
final class BarCloser {
    /** Receives each closing bar: its store key, start and state, before it is deleted. */
    @FunctionalInterface
    interface Emitter {
        void emit(Bytes key, long start, byte[] state);
    }

    private final long intervalMs;
    private final long graceMs;
    private final TaskProgress watermark;
    private long minOpenStart = Long.MIN_VALUE;

    BarCloser(long intervalMs, long graceMs, TaskProgress watermark) {
        this.intervalMs = intervalMs;
        this.graceMs = graceMs;
        this.watermark = watermark;
    }

    /** Forget the cached bound (after init/restore): the next close pass scans. */
    void reset() {
        minOpenStart = Long.MIN_VALUE;
    }

    /** True when a bar starting at {@code start} was already closed (anything for it is late). */
    boolean isClosed(long start) {
        return start + intervalMs + graceMs <= watermark.closed();
    }

    void opened(long start) {
        if (start < minOpenStart) minOpenStart = start;
    }

    /**
     * Emits and deletes every bar closed by watermark {@code w}, in start order. A bar re-opened by late input
     * closes again by the same rule: at once when {@code w} is past it, or (after a flush ran ahead of the
     * producers) when they catch up, so the seconds that keep arriving for a flushed minute make one revision at
     * the minute's end rather than one per pass.
     *
     * @return the start of the last closable bar if any bar closed, else {@link TaskProgress#NONE}
     */
    long closeUpTo(long w, KeyValueStore<Bytes, byte[]> store, Emitter emitter) {
        if (w == TaskProgress.NONE) return TaskProgress.NONE;
        long lastClosable = Math.floorDiv(w - intervalMs - graceMs, intervalMs) * intervalMs;
        boolean any = false;
        if (lastClosable >= minOpenStart) {
            List<Bytes> closed = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.range(BarKeys.lowest(), BarKeys.upperBound(lastClosable))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    long start = BarKeys.start(e.key);
                    if (start > lastClosable) break;
                    emitter.emit(e.key, start, e.value);
                    closed.add(e.key);
                }
            }
            for (Bytes k : closed) store.delete(k);
            minOpenStart = lastClosable + intervalMs;
            any = !closed.isEmpty();
        }
        watermark.closedAt(w);
        return any ? lastClosable : TaskProgress.NONE;
    }
}
