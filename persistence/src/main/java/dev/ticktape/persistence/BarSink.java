package dev.ticktape.persistence;

import dev.ticktape.model.Bar;

/**
 * A database that stores final bars: an {@link EventSink} whose upsert key is {@code (venue, symbol, timestamp)}
 * of the bar's interval table.
 *
 * <p>Revisions refine "the last one wins": the stored row is always the highest {@link Bar#revision()} written.
 * Within a batch a repeated key keeps its highest revision (the last one on a tie); across batches a stored row is
 * replaced only by a revision at least as high, so a redelivered older revision never overwrites a newer one and a
 * replay of the same revision is still idempotent.
 */
public interface BarSink extends EventSink<Bar> {}
