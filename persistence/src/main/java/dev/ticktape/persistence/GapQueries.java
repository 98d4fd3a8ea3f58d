package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;

/** Read access to the stored gap ledger ({@code feed_gaps}), for the HTTP API. Thread-safe. */
public interface GapQueries {

    /**
     * Gaps that overlap {@code [from, to)} (an open gap reaches every later time), ordered by start, venue,
     * connection and cause, only rows after {@code after} (start; venue, connection, cause), at most {@code limit}.
     *
     * @param venue  the venue, or null for all
     * @param symbol an instrument, or null for all gaps: with one, the gaps that name it or name no instrument (those
     *               cover the whole connection)
     * @param after  the key of the previous page's last row, or null for the first page
     */
    List<StoredGap> gaps(String venue, String symbol, Instant from, Instant to, PageKey after, int limit);
}
