package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Status;
import dev.ticktape.model.codec.LogText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the health of one connection as {@link Status} events: on every state transition and on each
 * {@link #heartbeat()}. The effective state is {@code DISCONNECTED} while the socket is down, otherwise
 * {@code DEGRADED} while any named degradation is active (stale feed, resync, gap-fill...), otherwise
 * {@code CONNECTED}. The Status {@code symbol} is the connection id, so each connection has its own key. Each
 * connection's {@link GapLedger} lives here too ({@link #gaps()}), so whatever reports health can record gaps.
 */
public final class StatusReporter {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final String venue;
    private final String connectionId;
    private final EventPublisher publisher;
    private final Supplier<Map<String, Long>> counters;
    private final LongSupplier clock;
    private final Map<String, String> degradations = new LinkedHashMap<>();
    private final GapLedger gaps;
    private boolean up;
    private String downReason = "not started";
    private Status.State published;

    public StatusReporter(
            String venue,
            String connectionId,
            EventPublisher publisher,
            Supplier<Map<String, Long>> counters,
            LongSupplier clock) {
        this.venue = venue;
        this.connectionId = connectionId;
        this.publisher = publisher;
        this.counters = counters;
        this.clock = clock;
        this.gaps = new GapLedger(venue, connectionId, publisher, clock);
    }

    public StatusReporter(
            String venue, String connectionId, EventPublisher publisher, Supplier<Map<String, Long>> counters) {
        this(venue, connectionId, publisher, counters, System::currentTimeMillis);
    }

    public synchronized void connected(String detail) {
        up = true;
        publishIfChanged(detail);
    }

    public synchronized void disconnected(String reason) {
        up = false;
        downReason = reason;
        publishIfChanged(reason);
    }

    /** Marks a named degradation active; {@code detail} says why. */
    public synchronized void degrade(String key, String detail) {
        degradations.put(key, detail);
        publishIfChanged(detail);
    }

    /** Clears a degradation set with {@link #degrade}; unknown keys are ignored. */
    public synchronized void recover(String key) {
        if (degradations.remove(key) != null) publishIfChanged("recovered: " + key);
    }

    public synchronized Status.State state() {
        if (!up) return Status.State.DISCONNECTED;
        return degradations.isEmpty() ? Status.State.CONNECTED : Status.State.DEGRADED;
    }

    /** Publishes the current state regardless of change: the periodic liveness signal. */
    public synchronized void heartbeat() {
        publish(state(), detail());
    }

    public String connectionId() {
        return connectionId;
    }

    /** The connection's gap ledger: its intervals of possibly missed data, beside its health. */
    public GapLedger gaps() {
        return gaps;
    }

    private String detail() {
        if (!up) return downReason;
        return degradations.isEmpty() ? "ok" : String.join("; ", degradations.values());
    }

    private void publishIfChanged(String detail) {
        Status.State now = state();
        if (now == published) return;
        log.info("{} {} -> {} ({})", venue, connectionId, now, LogText.printable(detail)); // may quote the venue
        publish(now, detail);
    }

    private void publish(Status.State state, String detail) {
        published = state;
        long now = clock.getAsLong();
        Status status = new Status(venue, connectionId, now, now, state, detail, new LinkedHashMap<>(counters.get()));
        try {
            publisher.publish(status, failure -> {
                if (failure != null)
                    log.warn("{} {} status publish failed: {}", venue, connectionId, failure.toString());
            });
        } catch (RuntimeException e) {
            log.warn("{} {} status not published: {}", venue, connectionId, e.toString());
        }
    }
}
