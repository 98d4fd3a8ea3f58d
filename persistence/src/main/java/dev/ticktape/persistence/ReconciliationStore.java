package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes and reads {@code bar_reconciliation}. Thread-safe. */
public interface ReconciliationStore {
    /** Inserts the rows; a row whose key is stored already replaces it (a re-check wins). */
    void upsert(List<BarReconciliation> rows);

    /**
     * Rows whose bar starts in {@code [from, to)}, ordered by bar start, venue, symbol, interval, at most
     * {@code limit}; null filters match everything.
     */
    List<BarReconciliation> rows(
            String venue, String symbol, String interval, String status, Instant from, Instant to, int limit);

    /** Row counts per status over the same filters (statuses without rows are absent). */
    Map<String, Long> countByStatus(String venue, String symbol, String interval, Instant from, Instant to);
}
