package dev.ticktape.topology.bars;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The final state and revision of every bar emitted within the allowed lateness, so that late input can revise a
 * bar instead of being lost: the processor re-opens the bar from this state, and the next close pass emits it
 * again with the next revision. Keys are {@link BarKeys} bar keys; values {@code revision(4)} then the
 * processor's own state bytes. Entries are dropped once their bar is beyond the allowed lateness.
 */
final class EmittedBars {
    private final KeyValueStore<Bytes, byte[]> store;
    /** Lower bound on the starts held; {@code MIN_VALUE} = unknown (after a restore), so the next purge scans. */
    private long minStart = Long.MIN_VALUE;

    EmittedBars(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The emitted state of the bar at {@code key}, or null if it was never emitted (or is beyond revision). */
    byte[] state(Bytes key) {
        byte[] v = store.get(key);
        return v == null ? null : Arrays.copyOfRange(v, Integer.BYTES, v.length);
    }

    /**
     * Records that the bar at {@code key} is being emitted with {@code state}; returns its revision: 0 for the
     * first emission, one more than the last otherwise.
     */
    int emitted(Bytes key, long start, byte[] state) {
        byte[] prev = store.get(key);
        int revision = prev == null ? 0 : ByteBuffer.wrap(prev).getInt() + 1;
        byte[] v = new byte[Integer.BYTES + state.length];
        ByteBuffer.wrap(v).putInt(revision);
        System.arraycopy(state, 0, v, Integer.BYTES, state.length);
        store.put(key, v);
        if (minStart != Long.MIN_VALUE && start < minStart) minStart = start;
        return revision;
    }

    /** Forgets every bar starting at or before {@code start}: they can no longer be revised. */
    void forgetUpTo(long start) {
        if (minStart != Long.MIN_VALUE && start < minStart) return;
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(BarKeys.lowest(), BarKeys.upperBound(start))) {
            while (it.hasNext()) old.add(it.next().key);
        }
        for (Bytes k : old) store.delete(k);
        minStart = start + 1;
    }
}
