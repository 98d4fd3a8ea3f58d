package dev.ticktape.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the bar processors of one Kafka Streams client to close every open bar, and tells the caller when they
 * all have. Once {@link #request() requested}, each processor flushes all its open bars at every punctuation
 * (trades that still arrive open bars that the next pass closes) and reports it here. Bars flushed this way are
 * final until a later trade revises them. Thread-safe.
 */
public final class DrainSignal {
    private volatile boolean requested;
    /** Live processor instances -> System.nanoTime() of their last flush-all pass (0 = none yet). */
    private final Map<Object, Long> flushes = new ConcurrentHashMap<>();

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /** A processor instance started (a task was assigned or revived). */
    public void register(Object processor) {
        flushes.put(processor, 0L);
    }

    public void unregister(Object processor) {
        flushes.remove(processor);
    }

    /** A processor instance has just closed all of its open bars. */
    public void flushed(Object processor, long nanoTime) {
        flushes.put(processor, nanoTime);
    }

    /** True when every live processor instance ran a flush-all pass after {@code nanoTime}. */
    public boolean allFlushedSince(long nanoTime) {
        for (long t : flushes.values()) {
            if (t == 0L || t - nanoTime < 0) return false;
        }
        return true;
    }
}
