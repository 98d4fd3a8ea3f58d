package dev.ticktape.topology.bars;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Event-time progress of one trade task, from its producers' own clocks rather than from the wall clock.
 *
 * <p>Every producer that publishes through a clocked channel stamps its trades with its id and sends a
 * {@link dev.ticktape.model.ProducerTick} to each partition it writes ("everything up to T is sent"). Here a
 * producer's clock is the highest of its ticks and of its trades' event times, and the watermark is the
 * minimum over the live producers, so
 * <ul>
 *   <li>a quiet instrument's bar closes as soon as every producer on its partition has ticked past it (grace plus
 *       one tick), whatever the wall clock says;</li>
 *   <li>a stalled producer holds bars open (its clock stops) instead of making its trades late;</li>
 *   <li>a producer whose clock has not advanced for {@code idleMs} (killed, disconnected without a goodbye, or a
 *       paused replay) stops holding the watermark; trades it sends later revise the bars they belong to;</li>
 *   <li>a producer's end tick removes it at once: it will send nothing more.</li>
 * </ul>
 * Records without a producer id (typed into {@code kafka-console-producer}, or from producers that do not tick)
 * form one anonymous producer, timed by the older wall-clock rule ({@link Watermark}): while they flow, event
 * time, extrapolated by the wall clock for live data; they stop holding the watermark after its idle window.
 *
 * <p>With no producer holding it (all ended or idle), nothing more is in flight, so every open bar may close:
 * the watermark moves past the newest event and {@link #flushThrough()} records up to where, so that the minute
 * roll-up closes its minutes too. A drain ({@link #drain}) forces the same.
 *
 * <p>{@link #streamMax()} (newest event time seen) measures allowed lateness: a trade whose bar ended more than
 * the allowed lateness before it is beyond revision.
 */
final class TradeClock implements TaskProgress {
    private static final byte VERSION = 3;

    private final long flushSpan;
    private final long idleMs;
    private final Watermark anonymous;
    /** Producer id -> {clock, wall time the clock last advanced}. */
    private final Map<String, long[]> producers = new HashMap<>();

    private long streamMax = NONE;
    private long closed = NONE;
    private long flushThrough = NONE;
    /** Counts flushes that closed bars opened since the previous one: the roll-up applies each once. */
    private long flushSeq;

    private boolean openedSinceFlush;
    private boolean draining;
    private int idled;
    private boolean dirty = true;

    /**
     * @param flushSpan bar interval + grace: how far past the newest event a flush moves the watermark
     * @param idleMs    a producer whose clock has not advanced for this long stops holding the watermark
     * @param graceMs   grace of the bars; the anonymous producer's "behind its input" threshold
     */
    TradeClock(long flushSpan, long idleMs, long graceMs) {
        this.flushSpan = flushSpan;
        this.idleMs = idleMs;
        this.anonymous = new Watermark(flushSpan, Watermark.IDLE_FLUSH_MS, graceMs);
    }

    /** A trade from {@code producer} ({@code null}: anonymous), received at {@code recvMs}, processed at {@code now}. */
    void trade(String producer, long tsMs, long recvMs, long now) {
        if (tsMs > streamMax) streamMax = tsMs;
        if (producer == null) {
            anonymous.observe(tsMs, recvMs, now);
        } else {
            advance(producer, tsMs, now);
        }
    }

    /** A producer's tick; an end tick removes the producer. */
    void tick(String producer, long tsMs, boolean end, long now) {
        if (end) {
            if (producers.remove(producer) != null) dirty = true;
        } else {
            advance(producer, tsMs, now);
        }
    }

    private void advance(String producer, long clock, long now) {
        long[] p = producers.get(producer);
        if (p == null) {
            producers.put(producer, new long[] {clock, now});
            dirty = true;
        } else if (clock > p[0]) {
            p[0] = clock;
            p[1] = now;
            dirty = true;
        }
    }

    /** From now on every open bar closes at each pass (a stop drains the task). */
    void drain() {
        draining = true;
    }

    /**
     * The watermark at {@code now}, or {@link #NONE} before the first event. Forgets producers that went idle.
     */
    long at(long now) {
        if (streamMax == NONE) return NONE;
        long w = Long.MAX_VALUE;
        boolean held = false;
        for (Iterator<long[]> it = producers.values().iterator(); it.hasNext(); ) {
            long[] p = it.next();
            if (now - p[1] > idleMs) {
                it.remove();
                idled++;
                dirty = true;
                continue;
            }
            w = Math.min(w, p[0]);
            held = true;
        }
        if (anonymous.active(now)) {
            w = Math.min(w, anonymous.at(now));
            held = true;
        }
        if (held && !draining) return w;
        if (streamMax > flushThrough) {
            flushThrough = streamMax;
            dirty = true;
        }
        if (openedSinceFlush) {
            flushSeq++;
            openedSinceFlush = false;
            dirty = true;
        }
        return streamMax + flushSpan;
    }

    /** A bar was opened (or re-opened): the next flush closes something new. */
    void opened() {
        openedSinceFlush = true;
    }

    /** The number of flushes that closed newly opened bars. */
    long flushSeq() {
        return flushSeq;
    }

    /** Newest event time seen by this task ({@link #NONE} before any). */
    long streamMax() {
        return streamMax;
    }

    /** The newest event time up to which every open bar was flushed (all producers gone, or a drain). */
    long flushThrough() {
        return flushThrough;
    }

    /** Producers dropped for idleness since the last call. */
    int takeIdled() {
        int n = idled;
        idled = 0;
        return n;
    }

    int liveProducers() {
        return producers.size();
    }

    @Override
    public long closed() {
        return closed;
    }

    @Override
    public void closedAt(long watermark) {
        if (watermark > closed) {
            closed = watermark;
            dirty = true;
        }
    }

    @Override
    public boolean unpersisted() {
        return dirty;
    }

    @Override
    public void persisted() {
        dirty = false;
    }

    /**
     * {@code version(1) streamMax(8) closed(8) flushThrough(8) flushSeq(8) anonymousMax(8) count(4)} then per producer
     * {@code clock(8) idLength(2) id}. The anonymous producer is kept only while it is active.
     */
    @Override
    public byte[] toBytes() {
        int size = 1 + 5 * Long.BYTES + Integer.BYTES;
        Map<byte[], Long> ids = new HashMap<>();
        for (Map.Entry<String, long[]> e : producers.entrySet()) {
            byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
            ids.put(id, e.getValue()[0]);
            size += Long.BYTES + Short.BYTES + id.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION)
                .putLong(streamMax)
                .putLong(closed)
                .putLong(flushThrough)
                .putLong(flushSeq)
                .putLong(anonymous.lastActiveMax())
                .putInt(ids.size());
        for (Map.Entry<byte[], Long> e : ids.entrySet()) {
            b.putLong(e.getValue()).putShort((short) e.getKey().length).put(e.getKey());
        }
        return b.array();
    }

    /** Restores; producers count as having advanced at {@code now}, so they hold the watermark for {@code idleMs}. */
    @Override
    public void restore(byte[] bytes, long now) {
        producers.clear();
        streamMax = NONE;
        closed = NONE;
        flushThrough = NONE;
        flushSeq = 0;
        // Bars may have been opened since the last flush before the restart: the next flush must count.
        openedSinceFlush = true;
        long anonymousMax = NONE;
        if (bytes != null && bytes.length == 2 * Long.BYTES) { // the pre-producer-clock format
            ByteBuffer b = ByteBuffer.wrap(bytes);
            streamMax = b.getLong();
            closed = b.getLong();
            anonymousMax = streamMax;
        } else if (bytes != null) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte version = b.get();
            if (version != VERSION && version != 2) throw new IllegalStateException("unknown trade clock format");
            streamMax = b.getLong();
            closed = b.getLong();
            flushThrough = b.getLong();
            if (version == VERSION) flushSeq = b.getLong();
            anonymousMax = b.getLong();
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                long clock = b.getLong();
                byte[] id = new byte[b.getShort()];
                b.get(id);
                producers.put(new String(id, StandardCharsets.UTF_8), new long[] {clock, now});
            }
        }
        anonymous.restoreAnonymous(anonymousMax, now);
        dirty = false;
    }
}
