package dev.ticktape.topology.features;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** An instrument's stored bars and states in the features' bar store, by bar start (see {@link FeatureKeys}). */
final class FeatureHistory {
    /** A stored entry and the start of its bar. */
    record Stored(long start, FeatureEntry entry) {}

    private final KeyValueStore<Bytes, byte[]> store;

    FeatureHistory(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The start of the instrument's newest stored bar. */
    OptionalLong newestStart(String instrument) {
        try (KeyValueIterator<Bytes, byte[]> it =
                store.reverseRange(FeatureKeys.entry(instrument, 0), FeatureKeys.entry(instrument, Long.MAX_VALUE))) {
            return it.hasNext() ? OptionalLong.of(FeatureKeys.startOf(it.next().key)) : OptionalLong.empty();
        }
    }

    FeatureEntry at(String instrument, long start) {
        byte[] v = store.get(FeatureKeys.entry(instrument, start));
        return v == null ? null : FeatureEntry.decode(v);
    }

    /** The entry with the greatest start before {@code start}, or null. */
    FeatureEntry before(String instrument, long start) {
        try (KeyValueIterator<Bytes, byte[]> it =
                store.reverseRange(FeatureKeys.entry(instrument, 0), FeatureKeys.entry(instrument, start - 1))) {
            return it.hasNext() ? FeatureEntry.decode(it.next().value) : null;
        }
    }

    /** The entries after {@code start}, oldest first; a list, so the caller can write while it walks them. */
    List<Stored> after(String instrument, long start) {
        List<Stored> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(FeatureKeys.entry(instrument, start + 1), FeatureKeys.entry(instrument, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.add(new Stored(FeatureKeys.startOf(kv.key), FeatureEntry.decode(kv.value)));
            }
        }
        return out;
    }

    void put(String instrument, long start, FeatureEntry entry) {
        store.put(FeatureKeys.entry(instrument, start), entry.encode());
    }

    /**
     * Deletes the entries that start before {@code cutoff}, except the last one before {@code oldestAdmissible}
     * when it is among them: a bar that may still arrive (start {@code >= oldestAdmissible}) resumes from that one
     * however long the instrument was quiet before it.
     */
    void prune(String instrument, long cutoff, long oldestAdmissible) {
        if (cutoff <= 0) return; // nothing starts before it (and a negative key bound would sort after every key)
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(FeatureKeys.entry(instrument, 0), FeatureKeys.entry(instrument, cutoff - 1))) {
            while (it.hasNext()) old.add(it.next().key);
        }
        if (old.isEmpty()) return;
        boolean baseAfterCutoff;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(
                FeatureKeys.entry(instrument, cutoff), FeatureKeys.entry(instrument, oldestAdmissible - 1))) {
            baseAfterCutoff = it.hasNext();
        }
        int drop = baseAfterCutoff ? old.size() : old.size() - 1;
        for (int i = 0; i < drop; i++) store.delete(old.get(i));
    }
}
