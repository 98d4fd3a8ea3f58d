package dev.ticktape.persistence;

import dev.ticktape.model.Bar;

/**
 * A database that stores final bars: an {@link EventSink} whose upsert key is {@code (venue, symbol, timestamp)}
 * of the bar's interval table.
 */
public interface BarSink extends EventSink<Bar> {
}
