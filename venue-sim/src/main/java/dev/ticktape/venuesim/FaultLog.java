package dev.ticktape.venuesim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults a fake venue injected, kept so tests can compare a client's gap ledger with what was really done.
 * A lossy fault stays open from the moment it took effect until the venue next delivers market data to a connection
 * opened after it (or to the stalled connection once the stall is over); meanwhile the venue adds what it produced
 * and did not deliver. Thread-safe.
 */
final class FaultLog {
    private static final class Entry {
        final InjectedFault.Kind kind;
        final long fromMs;
        final List<String> instruments;
        final String detail;
        /** Connections with a serial above this one were opened after the fault. */
        final long connectionWatermark;

        final Map<String, List<Long>> skipped = new LinkedHashMap<>();
        Long toMs;
        /** The first market-data tick the venue delivered to nobody after the fault; null until then. */
        Long firstWithheldMs;

        Entry(InjectedFault.Kind kind, long fromMs, List<String> instruments, String detail, long watermark) {
            this.kind = kind;
            this.fromMs = fromMs;
            this.instruments = List.copyOf(instruments);
            this.detail = detail;
            this.connectionWatermark = watermark;
        }

        InjectedFault view() {
            Map<String, List<Long>> s = new LinkedHashMap<>();
            skipped.forEach((k, v) -> s.put(k, List.copyOf(v)));
            long from = fromMs;
            if (firstWithheldMs != null) {
                from = Math.min(firstWithheldMs, toMs == null ? Long.MAX_VALUE : toMs);
            } else if (toMs != null && kind.lossy() && connectionWatermark != Long.MAX_VALUE) {
                from = toMs; // nothing withheld before the venue delivered again: an empty loss window
            }
            return new InjectedFault(kind, from, toMs, instruments, s, detail);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Records a fault taking effect now. {@code connectionWatermark}: the serial of the newest connection when it
     * happened. Lossless faults are recorded ended at once.
     */
    synchronized int begin(InjectedFault.Kind kind, List<String> instruments, String detail, long connectionWatermark) {
        Entry e = new Entry(kind, System.currentTimeMillis(), instruments, detail, connectionWatermark);
        if (!kind.lossy()) e.toMs = e.fromMs;
        entries.add(e);
        return entries.size() - 1;
    }

    /** Records a fault that is over already (a withheld frame, a batch of stale snapshots). */
    synchronized void record(
            InjectedFault.Kind kind,
            long fromMs,
            long toMs,
            List<String> instruments,
            Map<String, List<Long>> skipped,
            String detail) {
        Entry e = new Entry(kind, fromMs, instruments, detail, Long.MAX_VALUE);
        e.toMs = toMs;
        skipped.forEach((k, v) -> e.skipped.put(k, new ArrayList<>(v)));
        entries.add(e);
    }

    /** Extends the fault at {@code index} (e.g. another stale snapshot served). */
    synchronized void extend(int index, long toMs, String detail) {
        Entry old = entries.get(index);
        Entry e = new Entry(old.kind, old.fromMs, old.instruments, detail, old.connectionWatermark);
        e.skipped.putAll(old.skipped);
        e.toMs = toMs;
        entries.set(index, e);
    }

    /** Whether a lossy fault is still open: the venue should note what it does not deliver. */
    synchronized boolean anyOpen() {
        for (Entry e : entries) if (e.toMs == null) return true;
        return false;
    }

    /**
     * A market tick at {@code nowMs} reached no connection: for open faults this is the first data withheld, which is
     * where a client's loss starts (frames sent before the fault may still arrive after it was injected).
     */
    synchronized void withheld(long nowMs) {
        for (Entry e : entries) if (e.toMs == null && e.firstWithheldMs == null) e.firstWithheldMs = nowMs;
    }

    /** Adds {@code id} of {@code instrument} to every open fault: produced, not delivered. */
    synchronized void skipped(String instrument, long id) {
        for (Entry e : entries) {
            if (e.toMs == null)
                e.skipped.computeIfAbsent(instrument, k -> new ArrayList<>()).add(id);
        }
    }

    /**
     * Market data was just delivered on the connection with serial {@code connectionSerial}: ends the open faults it
     * ends (those from before that connection opened, and stalls of a connection that delivers again).
     */
    synchronized void delivered(long connectionSerial, boolean stalledBefore) {
        long now = System.currentTimeMillis();
        for (Entry e : entries) {
            if (e.toMs != null) continue;
            boolean newer = connectionSerial > e.connectionWatermark;
            if (newer || (e.kind == InjectedFault.Kind.STALL && stalledBefore)) e.toMs = now;
        }
    }

    /** Ends the open faults of {@code kind}: the venue delivers that data again on the same connection. */
    synchronized void resumed(InjectedFault.Kind kind) {
        long now = System.currentTimeMillis();
        for (Entry e : entries) if (e.toMs == null && e.kind == kind) e.toMs = now;
    }

    synchronized List<InjectedFault> faults() {
        return entries.stream().map(Entry::view).toList();
    }
}
