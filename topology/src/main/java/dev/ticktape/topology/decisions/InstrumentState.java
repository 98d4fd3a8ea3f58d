package dev.ticktape.topology.decisions;

import java.nio.ByteBuffer;

/**
 * What the processor remembers of an instrument between decisions, as a fixed 10-byte store value.
 *
 * @param lastEndMs the end of the last decided bar: summaries ending at or before it are not decided again
 * @param state     the state machine's state after that decision
 * @param target    the target exposure of that decision
 */
record InstrumentState(long lastEndMs, int state, int target) {
    /** Before an instrument's first decision: flat, and no end decided yet. */
    static final InstrumentState FIRST = new InstrumentState(Long.MIN_VALUE, 0, 0);

    static final int BYTES = Long.BYTES + 2;

    byte[] encode() {
        return ByteBuffer.allocate(BYTES)
                .putLong(lastEndMs)
                .put((byte) state)
                .put((byte) target)
                .array();
    }

    static InstrumentState decode(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        return new InstrumentState(b.getLong(), b.get(), b.get());
    }
}
