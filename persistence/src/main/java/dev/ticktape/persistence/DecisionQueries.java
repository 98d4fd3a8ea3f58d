package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;

/** Read access to stored decisions ({@code stream_actions} with the close of {@code stream_state}). Thread-safe. */
public interface DecisionQueries {

    /**
     * The rows of {@code stream_actions_latest}: per (venue, symbol), the action of the latest bar start; of several
     * runs at that bar start, the greatest run id (compared byte-wise). Ordered by venue, then symbol.
     *
     * @param venue  the venue, or null for all
     * @param symbol the symbol, or null for all
     */
    List<StoredDecision> latest(String venue, String symbol);

    /**
     * Actions whose bar start ({@code "timestamp"}) lies in {@code [from, to)}, ordered by bar start, venue, symbol
     * and run id, at most {@code limit}.
     *
     * @param venue  the venue, or null for all
     * @param symbol the symbol, or null for all
     * @param runId  the run, or null for every run
     */
    default List<StoredDecision> actions(
            String venue, String symbol, String runId, Instant from, Instant to, int limit) {
        return actions(venue, symbol, runId, from, to, null, limit);
    }

    /**
     * One page of {@link #actions}: only rows after {@code after} (bar start, venue, symbol, run id;
     * {@link StoredDecision#pageKey()}), at most {@code limit}.
     *
     * @param after the key of the previous page's last row, or null for the first page
     */
    List<StoredDecision> actions(
            String venue, String symbol, String runId, Instant from, Instant to, PageKey after, int limit);

    /**
     * Rows in {@code stream_actions}: one per stored decision.
     *
     * @param runId the run, or null for every run
     */
    long count(String runId);
}
