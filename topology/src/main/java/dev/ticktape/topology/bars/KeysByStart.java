package dev.ticktape.topology.bars;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;

/**
 * Store keys by the start of what they hold, so that an eviction touches only the keys it drops instead of every
 * key of the store (one instrument per key range means a scan by time would visit them all). Memory only: the
 * owner rebuilds it from its store when its task (re)starts. A key added twice under one start is held twice; a
 * removal may return it twice, and deleting it twice is harmless.
 */
final class KeysByStart {
    private final NavigableMap<Long, List<Bytes>> byStart = new TreeMap<>();

    void add(long start, Bytes key) {
        byStart.computeIfAbsent(start, s -> new ArrayList<>(4)).add(key);
    }

    /** Removes and returns the keys of every start below {@code cutoff}. */
    List<Bytes> removeBefore(long cutoff) {
        NavigableMap<Long, List<Bytes>> old = byStart.headMap(cutoff, false);
        if (old.isEmpty()) return List.of();
        List<Bytes> keys = new ArrayList<>();
        for (Map.Entry<Long, List<Bytes>> e : old.entrySet()) keys.addAll(e.getValue());
        old.clear();
        return keys;
    }

    void clear() {
        byStart.clear();
    }
}
