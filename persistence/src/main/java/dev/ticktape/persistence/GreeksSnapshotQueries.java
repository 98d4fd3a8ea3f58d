package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;

/** Read access to stored Greeks snapshots, for the HTTP API and benchmarks. Thread-safe. */
public interface GreeksSnapshotQueries {

    /**
     * Snapshots of one broker whose {@code ts} lies in {@code [from, to)}, ordered by time then contract, at most
     * {@code limit}.
     *
     * @param account     the account, or null for all
     * @param contractKey the OCC symbol, or null for all contracts
     */
    List<GreeksSnapshot> snapshots(
            String broker, String account, String contractKey, Instant from, Instant to, int limit);

    /** Receipt-to-row latency of the snapshots received in {@code [from, to)}, all brokers. */
    PersistLatency persistLatency(Instant from, Instant to);
}
