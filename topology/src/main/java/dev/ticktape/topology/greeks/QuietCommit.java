package dev.ticktape.topology.greeks;

import java.time.Duration;

/**
 * When to ask Streams for a commit beyond its interval: as soon as a task's output has gone quiet. Venues send a
 * chain's snapshots in bursts (one DXLink message per tick); under exactly-once nothing of a burst is visible to the
 * sinks before a commit, and the interval commit may come up to {@code commit.interval.ms} after the burst's last
 * record. Checked every {@link #CHECK} of wall time: something forwarded since the last commit request, but nothing
 * since the previous check, means the burst is over. Under steady input every check sees records, so the interval
 * alone paces the commits (each exactly-once commit costs the stream thread a producer flush and a transaction end).
 */
final class QuietCommit {
    /** Wall-clock period of the check; also how long the output must have been quiet. */
    static final Duration CHECK = Duration.ofMillis(10);

    private boolean uncommitted;
    private boolean sinceCheck;

    /** A record was forwarded. */
    void forwarded() {
        uncommitted = true;
        sinceCheck = true;
    }

    /** One check: true when a commit should be requested now (then not again before the next record). */
    boolean due() {
        boolean quiet = uncommitted && !sinceCheck;
        sinceCheck = false;
        if (quiet) uncommitted = false;
        return quiet;
    }
}
