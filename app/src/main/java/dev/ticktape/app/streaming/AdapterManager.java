package dev.ticktape.app.streaming;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapters running in this process, started and stopped by name (from the CLI or {@code POST
 * /v1/streaming/start|stop}). Starting a running adapter replaces it with the new symbol list.
 */
public final class AdapterManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterManager.class);

    /** One running adapter. */
    public record Running(String kind, List<String> symbols, Instant since, VenueAdapter adapter) {}

    private final Map<String, AdapterKind> kinds;
    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final Map<String, Running> running = new LinkedHashMap<>();

    public AdapterManager(List<AdapterKind> kinds, EventPublisher publisher, MeterRegistry registry) {
        this.kinds = new LinkedHashMap<>();
        kinds.forEach(k -> this.kinds.put(k.name(), k));
        this.publisher = publisher;
        this.registry = registry;
    }

    public synchronized Running start(String kind, List<String> symbols) {
        AdapterKind k = kinds.get(kind);
        if (k == null) throw new IllegalArgumentException("unknown adapter '" + kind + "'; known: " + kinds.keySet());
        if (symbols == null) symbols = List.of(); // brokers stream their positions; symbols are extras there
        // Checked before the running adapter stops: a refused request changes nothing.
        Map<String, String> problems = InvalidSymbolsException.find(symbols, k);
        if (!problems.isEmpty()) throw new InvalidSymbolsException(kind, problems);
        stop(kind);
        VenueAdapter adapter = k.start(List.copyOf(symbols), publisher, registry);
        Running r = new Running(kind, List.copyOf(symbols), Instant.now(), adapter);
        running.put(kind, r);
        LOG.info("adapter {} started for {} symbols", kind, symbols.size());
        return r;
    }

    /** Stops an adapter; false if it was not running. */
    public synchronized boolean stop(String kind) {
        Running r = running.remove(kind);
        if (r == null) return false;
        try {
            r.adapter().close();
        } catch (Exception e) {
            LOG.warn("adapter {} did not stop cleanly: {}", kind, e.toString());
        }
        LOG.info("adapter {} stopped", kind);
        return true;
    }

    public synchronized Map<String, Running> running() {
        return Map.copyOf(running);
    }

    public List<String> kinds() {
        return List.copyOf(kinds.keySet());
    }

    @Override
    public synchronized void close() {
        for (String k : List.copyOf(running.keySet())) stop(k);
    }
}
