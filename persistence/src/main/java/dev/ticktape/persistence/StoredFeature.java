package dev.ticktape.persistence;

import dev.ticktape.model.BarInterval;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One stored row of {@code intraday_features}: the value of one feature at the close of one bar.
 *
 * @param timestamp   the bar start
 * @param sessionDate the session the bar belongs to
 * @param barRevision revision of the bar the value was computed from
 * @param computedAt  when the features computation emitted it
 * @param ingestedAt  when its row was written (microseconds)
 */
public record StoredFeature(
        String venue,
        String symbol,
        BarInterval interval,
        Instant timestamp,
        String featureName,
        double value,
        String version,
        LocalDate sessionDate,
        int barRevision,
        Instant computedAt,
        Instant ingestedAt) {
    public StoredFeature {
        if (venue == null || symbol == null || interval == null || timestamp == null || featureName == null) {
            throw new IllegalArgumentException("venue/symbol/interval/timestamp/featureName are required");
        }
    }

    /** The key to pass as {@code after} for the page that follows this row. */
    public PageKey pageKey() {
        return PageKey.of(timestamp, venue, featureName, version);
    }
}
