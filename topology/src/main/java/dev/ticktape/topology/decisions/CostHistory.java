package dev.ticktape.topology.decisions;

import dev.ticktape.topology.SeriesKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The costs of the exposure changes each instrument actually made, by the bar time of the decision, in a
 * changelogged store keyed {@link SeriesKeys} {@code [venue:symbol][0x00][8-byte ts]}: the cost budget's rolling
 * window. Decisions move forward in bar time, so a cost that left the window never comes back into it and is
 * deleted.
 */
final class CostHistory {
    private final KeyValueStore<Bytes, byte[]> store;

    CostHistory(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /**
     * The sum of the instrument's costs in {@code (tsMs - windowMs, tsMs]}, after deleting the older ones. Summed in
     * key order, so a replay adds the same doubles in the same order.
     */
    double sumWithin(String instrument, long tsMs, long windowMs) {
        pruneUpTo(instrument, tsMs - windowMs);
        double sum = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(
                SeriesKeys.of(instrument, Math.max(0, tsMs - windowMs + 1)), SeriesKeys.of(instrument, tsMs))) {
            while (it.hasNext()) sum += ByteBuffer.wrap(it.next().value).getDouble();
        }
        return sum;
    }

    /** Records a change made at {@code tsMs}, and drops what the window no longer reaches. */
    void add(String instrument, long tsMs, double cost, long windowMs) {
        store.put(
                SeriesKeys.of(instrument, tsMs),
                ByteBuffer.allocate(Double.BYTES).putDouble(cost).array());
        pruneUpTo(instrument, tsMs - windowMs);
    }

    /** Deletes the instrument's costs at or before {@code tsMs}. */
    private void pruneUpTo(String instrument, long tsMs) {
        if (tsMs < 0) return; // negative starts would sort after positive ones
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(SeriesKeys.of(instrument, 0), SeriesKeys.of(instrument, tsMs))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                old.add(kv.key);
            }
        }
        for (Bytes k : old) store.delete(k);
    }
}
