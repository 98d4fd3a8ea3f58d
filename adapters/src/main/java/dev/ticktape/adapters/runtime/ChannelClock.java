package dev.ticktape.adapters.runtime;

/**
 * The event-time clock of one publishing channel: the value of its producer ticks ("every trade with event time up
 * to T has been sent"), computed from the trades the channel published. Pure logic, no I/O; thread-safe.
 *
 * <p>{@link #tickAt(long) tickAt(now)} is {@code max(maxTsSeen, now - lag)}, where {@code lag} is the largest
 * {@code recvMs - tsMs} of the trades of the last 5-10 s (two rolling buckets of {@code bucketMs}, by receive
 * time): a source whose prints reach us {@code lag} after their event time will not send anything older than
 * {@code now - lag}, so a quiet source keeps moving the clock with the wall clock. That holds only for live data: when
 * the lag exceeds {@code liveCapMs} (a replay of old timestamps, a backlog) the tick is {@code maxTsSeen}, pure event
 * time, never extrapolated. Ticks never go backwards, and before the first trade there is nothing to tick
 * ({@link #NO_TICK}).
 *
 * <p>The lag estimate changes only when trades arrive: a channel that goes quiet keeps the lag it last measured (an
 * empty window would mean lag 0 and a clock that jumps ahead of a slow source).
 */
public final class ChannelClock {
    /** {@link #tickAt} and {@link #endTick} before any trade was observed. */
    public static final long NO_TICK = Long.MIN_VALUE;
    /** Above this lag the channel's data is historical and the clock follows event time only. */
    public static final long DEFAULT_LIVE_CAP_MS = 10_000;
    /** Width of each of the two lag buckets: the lag is the maximum of the last 5-10 s of trades. */
    public static final long DEFAULT_LAG_BUCKET_MS = 5_000;

    private final long liveCapMs;
    private final long bucketMs;
    private long maxTs = NO_TICK;
    private long bucket = Long.MIN_VALUE;
    private long bucketLag;
    private long previousLag;
    private long last = NO_TICK;

    public ChannelClock() {
        this(DEFAULT_LIVE_CAP_MS, DEFAULT_LAG_BUCKET_MS);
    }

    public ChannelClock(long liveCapMs, long bucketMs) {
        if (liveCapMs < 0) throw new IllegalArgumentException("liveCapMs must be >= 0");
        if (bucketMs < 1) throw new IllegalArgumentException("bucketMs must be >= 1");
        this.liveCapMs = liveCapMs;
        this.bucketMs = bucketMs;
    }

    /**
     * A trade with event time {@code tsMs}, received at {@code recvMs}, has been handed to the transport. A trade
     * stamped ahead of the receive clock counts as lag 0 (the clock never runs ahead of the wall clock on its own);
     * one without a receive time ({@code recvMs <= 0}) says nothing about liveness and stops extrapolation for the
     * window.
     */
    public synchronized void observe(long tsMs, long recvMs) {
        if (tsMs > maxTs) maxTs = tsMs;
        long lag = recvMs > 0 ? Math.max(0, recvMs - tsMs) : Long.MAX_VALUE;
        long b = recvMs > 0 ? Math.floorDiv(recvMs, bucketMs) : bucket;
        if (bucket == Long.MIN_VALUE || b > bucket + 1) {
            previousLag = 0; // nothing within the window before this trade
            bucketLag = lag;
            bucket = b;
        } else if (b == bucket + 1) {
            previousLag = bucketLag;
            bucketLag = lag;
            bucket = b;
        } else if (lag > bucketLag) {
            bucketLag = lag; // same bucket, or a receive time slightly behind another thread's
        }
    }

    /**
     * The tick at wall-clock {@code nowMs}: {@code max(maxTsSeen, nowMs - lag)} while the lag is at most the live
     * cap, else {@code maxTsSeen}; never below an earlier result. {@link #NO_TICK} before the first trade.
     */
    public synchronized long tickAt(long nowMs) {
        if (maxTs == NO_TICK) return NO_TICK;
        long lag = Math.max(bucketLag, previousLag);
        long t = lag <= liveCapMs ? Math.max(maxTs, nowMs - lag) : maxTs;
        if (t > last) last = t;
        return last;
    }

    /**
     * The value of the end tick: the highest event time seen or ticked, so the end never goes below an earlier tick.
     * {@link #NO_TICK} before the first trade.
     */
    public synchronized long endTick() {
        if (maxTs == NO_TICK) return NO_TICK;
        return Math.max(maxTs, last);
    }

    /** The highest event time observed, or {@link #NO_TICK}. */
    public synchronized long maxTsSeen() {
        return maxTs;
    }

    /** The lag the next tick would use (max of both buckets); 0 before any trade. */
    public synchronized long lagMs() {
        return Math.max(bucketLag, previousLag);
    }
}
