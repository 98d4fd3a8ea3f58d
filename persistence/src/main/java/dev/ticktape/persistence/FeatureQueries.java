package dev.ticktape.persistence;

import dev.ticktape.model.BarInterval;
import java.time.Instant;
import java.util.List;

/** Read access to stored intraday features, for the HTTP API. Thread-safe. */
public interface FeatureQueries {

    /**
     * Feature rows of one symbol and bar interval whose bar start lies in {@code [from, to)}, ordered by bar start,
     * venue, feature name and version, at most {@code limit}.
     *
     * @param venue the venue, or null for every venue that has the symbol
     * @param name  the feature name, or null for every feature
     */
    default List<StoredFeature> features(
            String venue, String symbol, String name, BarInterval interval, Instant from, Instant to, int limit) {
        return features(venue, symbol, name, interval, from, to, null, limit);
    }

    /**
     * One page of {@link #features}: only rows after {@code after} (bar start, venue, feature name, version;
     * {@link StoredFeature#pageKey()}), at most {@code limit}.
     *
     * @param after the key of the previous page's last row, or null for the first page
     */
    List<StoredFeature> features(
            String venue,
            String symbol,
            String name,
            BarInterval interval,
            Instant from,
            Instant to,
            PageKey after,
            int limit);

    /**
     * The features of the latest bar that has any, per venue: every row at that venue's newest bar start of the
     * symbol and interval, ordered by venue, feature name and version. Features still warming up at that bar have
     * no row.
     *
     * @param venue the venue, or null for all
     */
    List<StoredFeature> latest(String venue, String symbol, BarInterval interval);
}
