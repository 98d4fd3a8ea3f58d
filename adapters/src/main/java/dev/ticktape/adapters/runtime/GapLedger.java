package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Gap;
import dev.ticktape.model.codec.LogText;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gap ledger of one connection: publishes a {@link Gap} on {@code md.gaps} for every interval in which the
 * connection may have missed data. A gap is {@linkplain #open opened} as soon as it is known (so consumers learn
 * at once that data may be missing now), {@linkplain #close closed} when data flows again, and its recovery is
 * {@linkplain #recovered replaced} when a REST gap-fill finishes; each step re-publishes the same identity
 * {@code (venue, connection, ts_ms, cause)}, which replaces the earlier record. Gaps known only after the fact are
 * {@linkplain #record recorded} closed in one go.
 *
 * <p>Open gaps are held under a caller-chosen key (one cause on one stream, e.g. {@code "outage"} or
 * {@code "book:BTCUSDT"}): opening a key that is open does nothing, closing a key that is not open does nothing.
 * Thread-safe. Logs one line per gap closed or recorded and per recovery, never per message.
 */
public final class GapLedger {
    private static final Logger log = LoggerFactory.getLogger(GapLedger.class);
    private static final int RECENT_IDS = 4096;

    private final String venue;
    private final String connectionId;
    private final EventPublisher publisher;
    private final LongSupplier clock;
    private final Map<String, Gap> open = new LinkedHashMap<>();
    /** Recovery reported while a gap was still open: applied when it closes. */
    private final Map<Gap, long[]> pendingRecovery = new HashMap<>();
    /** Recent identities {@code cause@ts_ms}, so two different gaps never share one (see {@link #uniqueFrom}). */
    private final Set<String> recentIds = new LinkedHashSet<>();

    public GapLedger(String venue, String connectionId, EventPublisher publisher, LongSupplier clock) {
        this.venue = venue;
        this.connectionId = connectionId;
        this.publisher = publisher;
        this.clock = clock;
    }

    public GapLedger(String venue, String connectionId, EventPublisher publisher) {
        this(venue, connectionId, publisher, System::currentTimeMillis);
    }

    public String venue() {
        return venue;
    }

    public String connectionId() {
        return connectionId;
    }

    /**
     * Opens a gap under {@code key} from {@code fromMs} and publishes it (no end yet). Returns the open gap, which is
     * the existing one when {@code key} is already open.
     */
    public synchronized Gap open(String key, long fromMs, List<String> instruments, Gap.Cause cause, String detail) {
        Gap existing = open.get(key);
        if (existing != null) return existing;
        long from = uniqueFrom(fromMs, cause);
        Gap g = new Gap(
                venue, connectionId, from, clock.getAsLong(), null, instruments, cause, Gap.Recovery.NONE, 0, detail);
        open.put(key, g);
        log.debug("{} {} gap opened: {} {} from {}", venue, connectionId, cause.json(), instruments, fromMs);
        publish(g);
        return g;
    }

    /** The gap open under {@code key}, or null. */
    public synchronized Gap openGap(String key) {
        return open.get(key);
    }

    public synchronized boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /**
     * Closes the gap open under {@code key} at {@code endMs} (exclusive) and publishes it; a recovery reported while
     * it was open is applied. Returns the closed gap, or null when {@code key} was not open.
     */
    public synchronized Gap close(String key, long endMs) {
        Gap g = open.remove(key);
        if (g == null) return null;
        long[] rec = pendingRecovery.remove(g);
        Gap.Recovery how = rec == null ? Gap.Recovery.NONE : Gap.Recovery.values()[(int) rec[0]];
        return finish(g.closed(endMs, clock.getAsLong(), how, rec == null ? 0 : rec[1]), "closed");
    }

    /** As {@link #close(String, long)} with a known recovery (replacing any reported while open). */
    public synchronized Gap close(String key, long endMs, Gap.Recovery how, long count) {
        Gap g = open.remove(key);
        if (g == null) return null;
        pendingRecovery.remove(g);
        return finish(g.closed(endMs, clock.getAsLong(), how, count), "closed");
    }

    /** Records a gap that is over already: {@code [fromMs, toMs)}, published closed. */
    public synchronized Gap record(
            long fromMs,
            long toMs,
            List<String> instruments,
            Gap.Cause cause,
            Gap.Recovery how,
            long count,
            String detail) {
        long from = uniqueFrom(fromMs, cause);
        Gap g = new Gap(
                venue,
                connectionId,
                from,
                clock.getAsLong(),
                Math.max(from, toMs),
                instruments,
                cause,
                how,
                count,
                detail);
        return finish(g, "recorded");
    }

    /**
     * Sets the recovery of {@code gap} (as returned by {@link #open}, {@link #close} or {@link #record}): re-publishes
     * it when it is closed, or keeps the recovery for its close when it is still open (a later report for the same
     * open gap replaces the judgement and adds its count). Returns the gap as it now stands.
     */
    public synchronized Gap recovered(Gap gap, Gap.Recovery how, long count) {
        if (gap == null) return null;
        for (Gap g : open.values()) {
            if (sameIdentity(g, gap)) {
                // Several fills while still open (reconnects that failed again): the latest judges, the counts add.
                long[] prev = pendingRecovery.get(g);
                pendingRecovery.put(g, new long[] {how.ordinal(), count + (prev == null ? 0 : prev[1])});
                return g;
            }
        }
        Gap base = gap.isOpen() ? gap.closed(clock.getAsLong(), clock.getAsLong(), how, count) : gap;
        Gap replaced = new Gap(
                base.venue(),
                base.symbol(),
                base.tsMs(),
                clock.getAsLong(),
                base.toMs(),
                base.instruments(),
                base.cause(),
                how,
                count,
                base.detail());
        log.info(
                "{} {} gap {} {} [{}, {}) recovery {} ({} records)",
                venue,
                connectionId,
                replaced.cause().json(),
                describe(replaced),
                replaced.tsMs(),
                replaced.toMs(),
                how.json(),
                count);
        publish(replaced);
        return replaced;
    }

    /** Closes every open gap at {@code endMs} (the adapter is stopping: what follows is not this run's gap). */
    public synchronized void closeAll(long endMs) {
        for (String key : List.copyOf(open.keySet())) close(key, endMs);
    }

    /**
     * A start for a new gap whose identity no other recent gap of this connection has. The identity leaves out the
     * instruments, so two books that lose sync on the same tick would replace each other's record: the later one
     * starts a millisecond earlier instead, which only widens its window.
     */
    private long uniqueFrom(long fromMs, Gap.Cause cause) {
        long from = fromMs;
        while (!recentIds.add(cause.json() + "@" + from)) from--;
        if (recentIds.size() > RECENT_IDS) {
            Iterator<String> it = recentIds.iterator();
            it.next();
            it.remove();
        }
        return from;
    }

    private Gap finish(Gap g, String what) {
        log.info(
                "{} {} gap {}: {} {} [{}, {}) {} ms, recovery {} ({} records){}",
                venue,
                connectionId,
                what,
                g.cause().json(),
                describe(g),
                g.tsMs(),
                g.toMs(),
                g.toMs() - g.tsMs(),
                g.recovery().json(),
                g.recovered(),
                g.detail() == null ? "" : ": " + LogText.printable(g.detail())); // may quote the venue
        publish(g);
        return g;
    }

    private static String describe(Gap g) {
        return g.allInstruments() ? "all instruments" : String.join(",", g.instruments());
    }

    private static boolean sameIdentity(Gap a, Gap b) {
        return a.tsMs() == b.tsMs() && a.cause() == b.cause() && a.symbol().equals(b.symbol());
    }

    private void publish(Gap g) {
        try {
            publisher.publish(g, failure -> {
                if (failure != null) log.warn("{} {} gap publish failed: {}", venue, connectionId, failure.toString());
            });
        } catch (RuntimeException e) {
            log.warn("{} {} gap not published: {}", venue, connectionId, e.toString());
        }
    }
}
