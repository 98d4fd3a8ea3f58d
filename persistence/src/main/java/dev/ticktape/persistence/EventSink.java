package dev.ticktape.persistence;

import dev.ticktape.model.MarketEvent;
import java.util.List;

/**
 * A database that stores one kind of event. {@link #write} is an idempotent upsert on the primary key of the
 * event's table: writing the same batch twice leaves the same rows, and when one batch holds several events with
 * the same key the last one wins. A write is atomic: when it returns, every event of the batch is durable; when
 * it throws, the caller must assume nothing was written and retry.
 *
 * <p>Implementations are used from a single thread (the sink worker's consumer thread).
 *
 * @param <T> the event type stored
 */
public interface EventSink<T extends MarketEvent> extends AutoCloseable {

    /** Short label used in metric tags, logs and thread names, e.g. {@code duckdb-greeks}. */
    String name();

    /**
     * Upserts the batch in one transaction.
     *
     * @throws SinkWriteException when the database refused or failed the write; nothing was committed
     */
    void write(List<T> batch);

    @Override
    void close();
}
