package dev.ticktape.persistence;

/**
 * The verdict of the {@code legitimacy_stream} view on one summary: the first failed check, in this order, or
 * {@link #OK}. See {@code docs/analytics.md}.
 */
public enum Legitimacy {
    /** The latest status of a connection of the venue within 120 s before the window end is disconnected. */
    FEED_DISCONNECTED("feed_disconnected"),
    /** As above, degraded (and none disconnected). */
    FEED_DEGRADED("feed_degraded"),
    /**
     * A gap of the instrument (or of its whole connection) in {@code feed_gaps} that is not backfilled overlaps the
     * window {@code [end_ts - window_ms, end_ts)}.
     */
    FEED_GAP("feed_gap"),
    /** Fewer than half of the window's seconds had a bar. */
    LOW_COVERAGE("low_coverage"),
    OK("ok");

    private final String reason;

    Legitimacy(String reason) {
        this.reason = reason;
    }

    /** The view's {@code reason} column. */
    public String reason() {
        return reason;
    }

    /** The view's {@code legitimate} column. */
    public boolean legitimate() {
        return this == OK;
    }

    public static Legitimacy ofReason(String reason) {
        for (Legitimacy l : values()) {
            if (l.reason.equals(reason)) return l;
        }
        throw new IllegalArgumentException("unknown legitimacy reason '" + reason + "'");
    }
}
