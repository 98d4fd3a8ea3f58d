package dev.ticktape.app.streaming;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** A kind of adapter this process can start on demand (e.g. binance against the real venue or a fake one). */
public interface AdapterKind extends AutoCloseable {
    String name();

    /** Creates and starts an adapter for {@code symbols}. */
    VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry);

    /** Releases what the kind owns (a fake venue it started). */
    @Override
    default void close() {}
}
