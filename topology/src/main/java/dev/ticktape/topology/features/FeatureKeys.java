package dev.ticktape.topology.features;

import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.SeriesKeys;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the features' stores. Bar store: {@code [venue:symbol UTF-8][0x00][8-byte big-endian bar start]}, so one
 * instrument's bars form one key range in start order (starts are positive, and a key never holds 0x00, so no
 * instrument's range overlaps another's). Latest store: {@code <interval label>|venue:symbol} UTF-8.
 */
public final class FeatureKeys {
    private FeatureKeys() {}

    static Bytes entry(String instrument, long start) {
        return SeriesKeys.of(instrument, start);
    }

    static long startOf(Bytes entryKey) {
        return SeriesKeys.start(entryKey);
    }

    /** The key of an instrument's latest feature set of {@code interval} in the latest store. */
    public static Bytes latest(BarInterval interval, String instrumentKey) {
        return Bytes.wrap((interval.label() + "|" + instrumentKey).getBytes(StandardCharsets.UTF_8));
    }
}
