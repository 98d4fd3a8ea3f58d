package dev.ticktape.topology.greeks;

import java.nio.ByteBuffer;

/**
 * Per-contract conflation bookkeeping, stored next to the latest snapshot: the event time and wall-clock time
 * of the last forwarded snapshot, and whether the stored snapshot is newer and still waits to be forwarded.
 * Fixed 17-byte encoding.
 */
record ConflationState(long forwardedTsMs, long forwardedWallMs, boolean pending) {
    private static final int SIZE = 2 * Long.BYTES + 1;

    ConflationState withPending() {
        return new ConflationState(forwardedTsMs, forwardedWallMs, true);
    }

    byte[] encode() {
        return ByteBuffer.allocate(SIZE)
                .putLong(forwardedTsMs)
                .putLong(forwardedWallMs)
                .put((byte) (pending ? 1 : 0))
                .array();
    }

    static ConflationState decode(byte[] b) {
        if (b == null) return null;
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new ConflationState(buf.getLong(), buf.getLong(), buf.get() != 0);
    }
}
