package dev.ticktape.persistence;

import dev.ticktape.model.FeatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code intraday_features}: one entry of a {@link FeatureSet}'s values, which the sinks store one row
 * per feature. The row's key is its set's {@code (venue, symbol, interval, tsMs, version)} and {@code name}.
 */
public record FeatureRow(FeatureSet set, String name, double value) {

    /** The rows of every set, in batch order and each set's value order. */
    public static List<FeatureRow> of(List<FeatureSet> sets) {
        List<FeatureRow> rows = new ArrayList<>();
        for (FeatureSet set : sets) {
            for (Map.Entry<String, Double> e : set.values().entrySet())
                rows.add(new FeatureRow(set, e.getKey(), e.getValue()));
        }
        return rows;
    }

    /** The primary key, for reducing a batch to one row per key. */
    public Key key() {
        return new Key(set.venue(), set.symbol(), set.interval().label(), set.tsMs(), name, set.version());
    }

    /** The primary key of {@code intraday_features}. */
    public record Key(String venue, String symbol, String interval, long tsMs, String name, String version) {}
}
