package dev.ticktape.persistence;

import dev.ticktape.model.Bar;
import java.util.List;

/**
 * A database that stores final bars. {@link #write} is an idempotent upsert on {@code (venue, symbol, timestamp)}
 * of the bar's interval table: writing the same batch twice leaves the same rows, and when one batch holds several
 * bars with the same key the last one wins. A write is atomic: when it returns, every bar of the batch is durable;
 * when it throws, the caller must assume nothing was written and retry.
 *
 * <p>Implementations are used from a single thread (the sink worker's consumer thread).
 */
public interface BarSink extends AutoCloseable {

    /** Short label used in metric tags and logs, e.g. {@code duckdb}. */
    String name();

    /**
     * Upserts the batch in one transaction.
     *
     * @throws SinkWriteException when the database refused or failed the write; nothing was committed
     */
    void write(List<Bar> batch);

    @Override
    void close();
}
