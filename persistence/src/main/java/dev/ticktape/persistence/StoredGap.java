package dev.ticktape.persistence;

import dev.ticktape.model.Gap;
import java.time.Instant;

/**
 * One row of {@code feed_gaps}: the latest record of a gap identity, with the time its row was written. The gap's
 * {@code recvMs} is the record's receive time.
 */
public record StoredGap(Gap gap, Instant ingestedAt) {
    public StoredGap {
        if (gap == null || ingestedAt == null) throw new IllegalArgumentException("gap/ingestedAt");
    }
}
