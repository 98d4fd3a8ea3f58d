package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;

/** Read access to stored account executions (table {@code executions}). Thread-safe. */
public interface ExecutionQueries {

    /**
     * Executions whose {@code ts} lies in {@code [from, to)}, oldest first (ties by broker and exec id), at most
     * {@code limit}.
     *
     * @param broker  the broker, or null for all
     * @param account the account, or null for all
     */
    default List<StoredExecution> executions(String broker, String account, Instant from, Instant to, int limit) {
        return executions(broker, account, from, to, null, limit);
    }

    /**
     * One page of {@link #executions}: only rows after {@code after} ({@code ts}, broker, exec id), at most
     * {@code limit}.
     *
     * @param after the key of the previous page's last row, or null for the first page
     */
    List<StoredExecution> executions(String broker, String account, Instant from, Instant to, PageKey after, int limit);
}
