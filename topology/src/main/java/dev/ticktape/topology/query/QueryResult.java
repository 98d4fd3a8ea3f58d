package dev.ticktape.topology.query;

/**
 * The answer to an interactive query: the value from this instance, the instance that owns the key, nothing, or
 * not answerable right now (rebalancing, restoring) — callers answer 503 with Retry-After then, never wait.
 */
public sealed interface QueryResult<T> {
    /** Answered from this instance's state. */
    record Local<T>(T value) implements QueryResult<T> {}

    /** Another instance owns the key; ask it (its {@code application.server}). */
    record Remote<T>(String host, int port) implements QueryResult<T> {}

    /** The owner has no state for the key. */
    record NotFound<T>() implements QueryResult<T> {}

    /** No answer now; try again shortly. */
    record Unavailable<T>(String reason) implements QueryResult<T> {}
}
