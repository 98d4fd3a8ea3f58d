package dev.ticktape.persistence.retention;

import java.time.Instant;

/** A store whose old data ages out by a {@link RetentionPolicy}. */
public interface RetentionTarget {

    /** Short label for reports and logs, e.g. {@code duckdb}. */
    String store();

    /** What {@link #apply} would do now, changing nothing (the dry run). */
    RetentionReport plan(Instant now, RetentionPolicy policy);

    /** Rolls up and removes what is past retention; safe to re-run after a failure. */
    RetentionReport apply(Instant now, RetentionPolicy policy);
}
