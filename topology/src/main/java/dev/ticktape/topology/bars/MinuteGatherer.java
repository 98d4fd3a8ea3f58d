package dev.ticktape.topology.bars;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/**
 * Turns the slot entries a close pass meets ({@link BarKeys#slotKey}, in key order, so each minute's slots come
 * together and in second order) into one whole-minute state per minute. Call {@link #finish} after the pass.
 */
final class MinuteGatherer implements BarCloser.Emitter {
    private final BarCloser.Emitter minutes;
    private Bytes minuteKey;
    private long start;
    private final List<byte[]> slots = new ArrayList<>();

    MinuteGatherer(BarCloser.Emitter minutes) {
        this.minutes = minutes;
    }

    @Override
    public void emit(Bytes slotKey, long start, byte[] slot) {
        byte[] k = slotKey.get();
        byte[] m = minuteKey == null ? null : minuteKey.get();
        boolean same = m != null && k.length == m.length + 2 && Arrays.equals(k, 0, m.length, m, 0, m.length);
        if (!same) {
            finish();
            minuteKey = BarKeys.minuteKeyOf(slotKey);
            this.start = start;
        }
        slots.add(slot);
    }

    /** Emits the minute gathered last, if any. */
    void finish() {
        if (minuteKey == null) return;
        minutes.emit(minuteKey, start, MinuteStateCodec.ofSlots(slots));
        minuteKey = null;
        slots.clear();
    }
}
