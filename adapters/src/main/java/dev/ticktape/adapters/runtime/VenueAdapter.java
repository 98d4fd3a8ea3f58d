package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Status;

/**
 * A running source of normalized events for one venue. {@link #start()} returns at once; connections are made
 * and kept in the background, and health is reported on {@code md.status}.
 */
public interface VenueAdapter extends AutoCloseable {

    /** Lower-case venue label, the {@code venue} of every event this adapter publishes. */
    String venue();

    void start();

    /** The worst connection state across this adapter's connections (DISCONNECTED before start). */
    Status.State state();

    /** Stops all connections and timers; events already handed to the publisher are not recalled. */
    @Override
    void close();
}
