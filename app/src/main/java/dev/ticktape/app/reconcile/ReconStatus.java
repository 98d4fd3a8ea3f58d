package dev.ticktape.app.reconcile;

import java.util.Locale;

/** How one of our bars compared with the venue's bar of the same window. */
public enum ReconStatus {
    /** Every compared field within its tolerance. */
    MATCHED,
    /** Both have the bar; at least one field differs beyond its tolerance. */
    MISMATCHED,
    /** The venue has a bar with trades; we have none. */
    MISSING_OURS,
    /** We have a bar; the venue has none. */
    MISSING_THEIRS;

    /** The stored and API name: {@code matched}, {@code missing_ours}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
