package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read access to stored summaries and their legitimacy views, for the HTTP API. Thread-safe. */
public interface SummaryQueries {

    /**
     * Summaries of one symbol whose window end ({@code end_ts}) lies in {@code [from, to)}, ordered by window end,
     * venue and window length, at most {@code limit}.
     *
     * @param venue    the venue, or null for every venue that has the symbol
     * @param windowMs the window length, or null for every length
     */
    default List<StoredSummary> summaries(
            String venue, String symbol, Long windowMs, Instant from, Instant to, int limit) {
        return summaries(venue, symbol, windowMs, from, to, null, limit);
    }

    /**
     * One page of {@link #summaries}: only rows after {@code after} (window end, venue, window length as a decimal
     * string; {@link StoredSummary#pageKey()}), at most {@code limit}.
     *
     * @param after the key of the previous page's last row, or null for the first page
     */
    List<StoredSummary> summaries(
            String venue, String symbol, Long windowMs, Instant from, Instant to, PageKey after, int limit);

    /**
     * The latest summary of each {@code (venue, window_ms)} series of the symbol, judged by
     * {@code legitimacy_stream}, ordered by venue and window length.
     *
     * @param venue    the venue, or null for all
     * @param windowMs the window length, or null for all
     */
    List<JudgedSummary> latest(String venue, String symbol, Long windowMs);

    /**
     * The rows of {@code influence_gate_feed} for the symbol: per series, the latest legitimate summary, ordered by
     * venue and window length.
     *
     * @param venue    the venue, or null for all
     * @param windowMs the window length, or null for all
     */
    List<StoredSummary> gate(String venue, String symbol, Long windowMs);

    /** The verdict of {@code legitimacy_stream} on one stored summary; empty when there is no such summary. */
    Optional<Legitimacy> legitimacy(String venue, String symbol, long windowMs, Instant endTs);
}
