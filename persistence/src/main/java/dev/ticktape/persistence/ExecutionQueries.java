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
    List<StoredExecution> executions(String broker, String account, Instant from, Instant to, int limit);
}
