package dev.ticktape.persistence;

/** A stored summary with the verdict of {@code legitimacy_stream} on it. */
public record JudgedSummary(StoredSummary stored, Legitimacy legitimacy) {
    public JudgedSummary {
        if (stored == null || legitimacy == null) throw new IllegalArgumentException("stored/legitimacy");
    }
}
