package dev.ticktape.adapters.binance;

import dev.ticktape.model.BookUpdate.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Local order book of one symbol, kept in sync with the documented diff-depth procedure: buffer diff events,
 * take a REST snapshot whose {@code lastUpdateId} is not older than the first buffered {@code U}, drop buffered
 * events with {@code u <= lastUpdateId}, then apply events in order; an event with {@code U > local + 1} is a
 * gap and the book starts over. Not thread-safe: the owner serializes calls.
 */
public final class BinanceBook {

    /** Whether the book is usable. */
    public enum Phase {
        AWAITING_SNAPSHOT,
        LIVE
    }

    /** What a diff event did. */
    public enum Outcome {
        /** Kept until a snapshot arrives. */
        BUFFERED,
        APPLIED,
        /** Already covered ({@code u <= local}): ignored, e.g. a duplicate from an overlapping connection. */
        STALE,
        /** Sequence gap: the book was discarded and now awaits a new snapshot (the event is buffered). */
        GAP
    }

    /** Result of offering a snapshot. */
    public sealed interface SnapshotResult {
        /** The book is live; {@code applied} are the buffered events applied on top, in order. */
        record Applied(List<BinanceWsFrame.DepthUpdate> applied) implements SnapshotResult {}

        /** Older than the buffered events (or nothing buffered yet to check against): fetch again. */
        record TooOld() implements SnapshotResult {}

        /** Buffered events do not continue the snapshot: the book starts over. */
        record Gap() implements SnapshotResult {}
    }

    /** An immutable copy of the book: bids best (highest) first, asks best (lowest) first. */
    public record View(long lastUpdateId, List<Level> bids, List<Level> asks) {}

    private final NavigableMap<Double, Double> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<Double, Double> asks = new TreeMap<>();
    private final List<BinanceWsFrame.DepthUpdate> buffer = new ArrayList<>();
    private Phase phase = Phase.AWAITING_SNAPSHOT;
    private long lastUpdateId = -1;

    public Phase phase() {
        return phase;
    }

    public long lastUpdateId() {
        return lastUpdateId;
    }

    public boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    public Outcome onUpdate(BinanceWsFrame.DepthUpdate u) {
        if (phase != Phase.LIVE) {
            buffer.add(u);
            return Outcome.BUFFERED;
        }
        if (u.finalUpdateId() <= lastUpdateId) return Outcome.STALE;
        if (u.firstUpdateId() > lastUpdateId + 1) {
            reset();
            buffer.add(u);
            return Outcome.GAP;
        }
        apply(u);
        return Outcome.APPLIED;
    }

    public SnapshotResult onSnapshot(BinanceDepthSnapshot s) {
        if (phase == Phase.LIVE) throw new IllegalStateException("book is already live");
        if (buffer.isEmpty() || s.lastUpdateId() < buffer.get(0).firstUpdateId()) {
            return new SnapshotResult.TooOld();
        }
        bids.clear();
        asks.clear();
        set(bids, s.bids());
        set(asks, s.asks());
        lastUpdateId = s.lastUpdateId();
        phase = Phase.LIVE;
        List<BinanceWsFrame.DepthUpdate> pending = new ArrayList<>(buffer);
        buffer.clear();
        List<BinanceWsFrame.DepthUpdate> applied = new ArrayList<>();
        for (BinanceWsFrame.DepthUpdate u : pending) {
            if (u.finalUpdateId() <= lastUpdateId) continue;
            if (u.firstUpdateId() > lastUpdateId + 1) {
                reset();
                buffer.addAll(pending.subList(pending.indexOf(u), pending.size()));
                return new SnapshotResult.Gap();
            }
            apply(u);
            applied.add(u);
        }
        return new SnapshotResult.Applied(applied);
    }

    /** Discards the book, e.g. after a gap the caller detected elsewhere. */
    public void reset() {
        bids.clear();
        asks.clear();
        buffer.clear();
        phase = Phase.AWAITING_SNAPSHOT;
        lastUpdateId = -1;
    }

    public View view() {
        return new View(lastUpdateId, levels(bids), levels(asks));
    }

    private void apply(BinanceWsFrame.DepthUpdate u) {
        set(bids, u.bids());
        set(asks, u.asks());
        lastUpdateId = u.finalUpdateId();
    }

    private static void set(Map<Double, Double> side, List<Level> levels) {
        for (Level l : levels) {
            if (l.qty() == 0) side.remove(l.price());
            else side.put(l.price(), l.qty());
        }
    }

    private static List<Level> levels(Map<Double, Double> side) {
        List<Level> out = new ArrayList<>(side.size());
        side.forEach((p, q) -> out.add(new Level(p, q)));
        return out;
    }
}
