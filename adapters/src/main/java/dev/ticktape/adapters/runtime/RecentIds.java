package dev.ticktape.adapters.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} ids seen, for sources that repeat what they already sent (a fill listed again by a
 * catch-up poll, an order update re-listing its earlier fills). Forgetting is safe: stores upsert on the id, so
 * an id that falls out is at worst written twice, never lost. Thread-safe.
 */
public final class RecentIds {
    private final Map<String, Boolean> ids;

    public RecentIds(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code id} is offered (and remembers it). */
    public synchronized boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    /** Forgets {@code id}, e.g. after its publish failed so that the next poll retries it. */
    public synchronized void remove(String id) {
        ids.remove(id);
    }

    public synchronized int size() {
        return ids.size();
    }
}
