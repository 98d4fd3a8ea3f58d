package dev.ticktape.app.streaming;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;

/** A kind of adapter this process can start on demand (e.g. binance against the real venue or a fake one). */
public interface AdapterKind extends AutoCloseable {
    String name();

    /** Creates and starts an adapter for {@code symbols}. */
    VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry);

    /**
     * Why the venue would refuse {@code symbol}, or empty when it may be subscribed; checked for every symbol before
     * {@link #start}. The default accepts everything (kinds without a venue of their own, e.g. benchmarks).
     */
    default Optional<String> symbolProblem(String symbol) {
        return Optional.empty();
    }

    /** Releases what the kind owns (a fake venue it started). */
    @Override
    default void close() {}
}
