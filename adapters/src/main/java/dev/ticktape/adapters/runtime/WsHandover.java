package dev.ticktape.adapters.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of one overlapped rollover on a sequenced feed: the replacement connection's data frames are held
 * here, in arrival order, while the old connection keeps delivering. The old connection has caught up once, for
 * every stream the replacement has delivered, it has delivered that stream's first held position or later; from
 * then on the held frames continue what was delivered without a gap. {@link #release()} returns the held frames the
 * old connection did not deliver. Not thread-safe: the session calls it under its dispatch lock.
 */
final class WsHandover {

    /** A held frame with its receive time. */
    record Held(String text, WsFramePosition position, long recvMs) {}

    private final int capacity;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final Map<String, Long> firstHeld = new HashMap<>();
    private final Map<String, Long> oldLast = new HashMap<>();
    /** Streams whose first held position the old connection has not reached yet. */
    private int behind;

    WsHandover(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
    }

    /** The old connection delivered a frame at {@code p}. */
    void oldDelivered(WsFramePosition p) {
        Long prev = oldLast.get(p.stream());
        if (prev != null && prev >= p.seq()) return;
        oldLast.put(p.stream(), p.seq());
        Long first = firstHeld.get(p.stream());
        if (first != null && p.seq() >= first && (prev == null || prev < first)) behind--;
    }

    /** Holds a frame of the replacement. Returns false when that made the buffer exceed its capacity. */
    boolean hold(String text, WsFramePosition p, long recvMs) {
        held.addLast(new Held(text, p, recvMs));
        if (firstHeld.putIfAbsent(p.stream(), p.seq()) == null) {
            Long last = oldLast.get(p.stream());
            if (last == null || last < p.seq()) behind++;
        }
        return held.size() <= capacity;
    }

    /** True when frames are held and the old connection has delivered up to each held stream's first position. */
    boolean caughtUp() {
        return !held.isEmpty() && behind == 0;
    }

    int heldCount() {
        return held.size();
    }

    /** The held frames past what the old connection delivered, in arrival order; the buffer is empty afterwards. */
    List<Held> release() {
        List<Held> out = new ArrayList<>(held.size());
        for (Held h : held) {
            Long last = oldLast.get(h.position().stream());
            if (last == null || h.position().seq() > last) out.add(h);
        }
        held.clear();
        return out;
    }
}
