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
    default List<GreeksSnapshot> snapshots(
            String broker, String account, String contractKey, Instant from, Instant to, int limit) {
        return snapshots(broker, account, contractKey, from, to, null, limit);
    }

    /**
     * One page of {@link #snapshots}: only rows after {@code after} ({@code ts}, contract), at most {@code limit}.
     * (ts, contract) is unique within a broker, so the order is total.
     *
     * @param after the key of the previous page's last row, or null for the first page
     */
    List<GreeksSnapshot> snapshots(
            String broker, String account, String contractKey, Instant from, Instant to, PageKey after, int limit);

    /** Receipt-to-row latency of the snapshots received in {@code [from, to)}, all brokers. */
    PersistLatency persistLatency(Instant from, Instant to);
}
