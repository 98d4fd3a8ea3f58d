package dev.ticktape.topology.bars;

/**
 * A task's event-time progress as the close rule and the progress store see it: the highest watermark a close
 * pass ran at ({@link #closed()}), and a compact persisted form so a revived task neither re-opens closed bars nor
 * loses open ones.
 */
interface TaskProgress {
    long NONE = Long.MIN_VALUE;

    /** The highest watermark a close pass ran at: a bar whose end plus grace is at or below it was emitted. */
    long closed();

    void closedAt(long watermark);

    /** True when the state differs from what was last persisted. */
    boolean unpersisted();

    void persisted();

    byte[] toBytes();

    /** Restores persisted progress ({@code null} = fresh task) at wall-clock {@code now}. */
    void restore(byte[] bytes, long now);
}
