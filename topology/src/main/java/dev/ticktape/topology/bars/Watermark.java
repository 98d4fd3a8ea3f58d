package dev.ticktape.topology.bars;

import java.nio.ByteBuffer;

/**
 * Event-time progress of one task. {@code streamMax} is the highest event time seen, {@code wallAtMax} the wall
 * clock when it last rose. While records flow the watermark is {@code streamMax}, so a fast replay of historical
 * timestamps behaves exactly like a batch job. When the task goes idle:
 * <ul>
 *   <li>live data (event time within {@link #LIVE_WINDOW_MS} of the wall clock when it last rose) and the task
 *       caught up (the last record waited in Kafka, {@code now - recv_ms}, no longer than {@code behindMs}): the
 *       watermark runs on at wall-clock speed, {@code streamMax + (now - wallAtMax)}, so the bars of quiet
 *       instruments close within grace of the second's end. A task working through a backlog is not idle between
 *       batches: extrapolating there would close bars whose trades are still queued, so it follows event time;</li>
 *   <li>historical data: the watermark stays put, because a replay's input may stall (backpressure, GC, a busy
 *       broker) and wall time says nothing about its event time; after {@link #IDLE_FLUSH_MS} without input the
 *       open bars are flushed (the end of a finite replay). A revived task (restored after a crash or a
 *       rebalance) waits three times as long before its first record, because its input can be held up for seconds
 *       (a killed instance's open transaction until the broker aborts it); it must still flush eventually, since
 *       the replay may have ended before the restore.</li>
 * </ul>
 * {@code closed} is the highest watermark a close pass ran at: everything a bar covers below it has been emitted,
 * so anything arriving for it is late.
 *
 * <p>Persisted as 16 bytes ({@code streamMax}, {@code closed}); {@code wallAtMax} restarts at the restore time,
 * which delays (never advances) closes after a restart.
 */
final class Watermark implements TaskProgress {
    /** Event time this close to the wall clock counts as live. */
    static final long LIVE_WINDOW_MS = 10_000;
    /** Idle time after which a replay's open 1s bars are flushed; downstream stages wait longer (see ctor). */
    static final long IDLE_FLUSH_MS = 10_000;

    /** How far past {@code streamMax} an idle flush moves the watermark: enough to close every open bar. */
    private final long flushSpan;

    private final long idleFlushMs;
    private final long behindMs;
    private boolean live;
    /** How long the last record waited between receipt (recv_ms) and processing. */
    private long lastDelay;
    /** Wall clock of the last record of any time (or of the restore, until the first record after it). */
    private long wallAtLastRecord = NONE;
    /** True from a restore until the first record: such a task may wait for its input (see {@link #at}). */
    private boolean revived;

    private long lastCheck = NONE;

    private long streamMax = NONE;
    private long wallAtMax;
    private long closed = NONE;
    private long persistedMax = NONE;
    private long persistedClosed = NONE;

    /**
     * @param flushSpan   bar interval + grace of the bars this watermark closes
     * @param idleFlushMs idle time before a replay's open bars are flushed; a stage fed by another stage must wait
     *                    longer than its feeder, or it flushes before the feeder's last bars arrive
     * @param behindMs    a record that waited longer than this between receipt and processing means the task is
     *                    behind its input (the grace: such a record would be late by wall-clock standards anyway)
     */
    Watermark(long flushSpan, long idleFlushMs, long behindMs) {
        this.flushSpan = flushSpan;
        this.idleFlushMs = idleFlushMs;
        this.behindMs = behindMs;
    }

    /** Records an event time and when its record was received; returns the watermark at {@code now}. */
    long observe(long eventTime, long recvMs, long now) {
        wallAtLastRecord = now;
        revived = false;
        lastDelay = now - recvMs;
        if (eventTime > streamMax) {
            streamMax = eventTime;
            wallAtMax = now;
            live = eventTime >= now - LIVE_WINDOW_MS;
        }
        return at(now);
    }

    /** The watermark at {@code now}, or {@link #NONE} before the first event. */
    long at(long now) {
        if (streamMax == NONE) return NONE;
        long idle = Math.max(0, now - wallAtMax);
        if (live && lastDelay <= behindMs) return streamMax + idle;
        return active(now) ? streamMax : streamMax + flushSpan;
    }

    /**
     * True while the input may still be flowing: a record within the idle window. A revived task waits longer:
     * its input can be held up for a while (a killed instance's open transaction until the broker aborts it,
     * 10 s), but it must still flush if the replay had ended before the restore.
     */
    boolean active(long now) {
        if (streamMax == NONE || wallAtLastRecord == NONE) return false;
        lastCheck = now;
        long needed = revived ? 3 * idleFlushMs : idleFlushMs;
        return now - wallAtLastRecord < needed;
    }

    /** {@code streamMax} if the input was active at the last check, else {@link #NONE}: what is worth persisting. */
    long lastActiveMax() {
        return streamMax != NONE && active(lastCheck) ? streamMax : NONE;
    }

    /** Restores an anonymous producer's progress ({@link #NONE}: none) as revived at {@code now}. */
    void restoreAnonymous(long max, long now) {
        restore(
                max == NONE
                        ? null
                        : ByteBuffer.allocate(2 * Long.BYTES)
                                .putLong(max)
                                .putLong(NONE)
                                .array(),
                now);
        lastCheck = now;
    }

    @Override
    public long closed() {
        return closed;
    }

    @Override
    public void closedAt(long watermark) {
        if (watermark > closed) closed = watermark;
    }

    @Override
    public boolean unpersisted() {
        return streamMax != persistedMax || closed != persistedClosed;
    }

    @Override
    public void persisted() {
        persistedMax = streamMax;
        persistedClosed = closed;
    }

    @Override
    public byte[] toBytes() {
        return ByteBuffer.allocate(2 * Long.BYTES)
                .putLong(streamMax)
                .putLong(closed)
                .array();
    }

    @Override
    public void restore(byte[] bytes, long now) {
        if (bytes == null) {
            streamMax = NONE;
            closed = NONE;
        } else {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            streamMax = b.getLong();
            closed = b.getLong();
        }
        wallAtMax = now;
        live = streamMax != NONE && streamMax >= now - LIVE_WINDOW_MS;
        wallAtLastRecord = now;
        revived = true;
        persisted();
    }
}
