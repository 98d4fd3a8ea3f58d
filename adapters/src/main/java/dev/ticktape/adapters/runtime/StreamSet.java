package dev.ticktape.adapters.runtime;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The streams an adapter currently wants, in subscription order. {@link #replace} swaps in the next wanted set and
 * says what to subscribe and unsubscribe. Not thread-safe: the owning adapter serialises access.
 */
public final class StreamSet {
    /** What changed between the previous and the next wanted set. */
    public record Change(List<String> added, List<String> removed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    private final Set<String> streams = new LinkedHashSet<>();

    public Change replace(Set<String> next) {
        List<String> removed = streams.stream().filter(s -> !next.contains(s)).toList();
        List<String> added = next.stream().filter(s -> !streams.contains(s)).toList();
        streams.clear();
        streams.addAll(next);
        return new Change(added, removed);
    }

    public List<String> list() {
        return List.copyOf(streams);
    }
}
