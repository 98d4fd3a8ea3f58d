package dev.ticktape.persistence;

import dev.ticktape.model.Summary;
import java.time.Instant;

/**
 * A summary as read back from {@code quotient_summaries}. The summary's {@code recvMs} is the stored
 * {@code computed_at}; {@code ingestedAt} is when its row was written.
 */
public record StoredSummary(Summary summary, Instant ingestedAt) {
    public StoredSummary {
        if (summary == null || ingestedAt == null) throw new IllegalArgumentException("summary/ingestedAt");
    }

    /** The key to pass as {@code after} for the page that follows this row. */
    public PageKey pageKey() {
        return PageKey.of(Instant.ofEpochMilli(summary.tsMs()), summary.venue(), Long.toString(summary.windowMs()));
    }
}
