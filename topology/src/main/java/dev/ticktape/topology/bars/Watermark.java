package dev.ticktape.topology.bars;

import java.nio.ByteBuffer;

/**
 * Event-time progress of one task. {@code streamMax} is the highest event time seen, {@code wallAtMax} the wall
 * clock when it last rose. The watermark is {@code streamMax + max(0, now - wallAtMax)}: while records flow it
 * follows event time (a fast replay behaves like a batch job), while the task is idle it runs on at wall-clock
 * speed so the bars of quiet instruments still close. {@code closed} is the highest watermark a close pass ran
 * at: everything a bar covers below it has been emitted, so anything arriving for it is late.
 *
 * <p>Persisted as 16 bytes ({@code streamMax}, {@code closed}); {@code wallAtMax} restarts at the restore time,
 * which delays (never advances) closes after a restart.
 */
final class Watermark {
    static final long NONE = Long.MIN_VALUE;

    private long streamMax = NONE;
    private long wallAtMax;
    private long closed = NONE;
    private long persistedMax = NONE;
    private long persistedClosed = NONE;

    /** Records an event time; returns the watermark at {@code now}. */
    long observe(long eventTime, long now) {
        if (eventTime > streamMax) {
            streamMax = eventTime;
            wallAtMax = now;
        }
        return at(now);
    }

    /** The watermark at {@code now}, or {@link #NONE} before the first event. */
    long at(long now) {
        if (streamMax == NONE) return NONE;
        return streamMax + Math.max(0, now - wallAtMax);
    }

    long closed() {
        return closed;
    }

    void closedAt(long watermark) {
        if (watermark > closed) closed = watermark;
    }

    /** True when the state differs from what was last persisted. */
    boolean unpersisted() {
        return streamMax != persistedMax || closed != persistedClosed;
    }

    void persisted() {
        persistedMax = streamMax;
        persistedClosed = closed;
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(2 * Long.BYTES).putLong(streamMax).putLong(closed).array();
    }

    /** Restores persisted progress ({@code null} = fresh task). */
    void restore(byte[] bytes, long now) {
        if (bytes == null) {
            streamMax = NONE;
            closed = NONE;
        } else {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            streamMax = b.getLong();
            closed = b.getLong();
        }
        wallAtMax = now;
        persisted();
    }
}
