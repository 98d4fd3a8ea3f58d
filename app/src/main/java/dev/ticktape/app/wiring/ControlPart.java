package dev.ticktape.app.wiring;

import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.kafka.KafkaEventPublisher;
import dev.ticktape.app.streaming.AdapterManager;
import dev.ticktape.app.streaming.FeedMonitor;
import dev.ticktape.app.streaming.StatusBoard;
import dev.ticktape.app.streaming.StreamingRoutes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The venue part: the adapters this process can run, the board of their status reports, the stale-feed monitor
 * and the control API. Adapters start last ({@link #autostart}), once everything downstream runs.
 */
final class ControlPart {
    private final PlatformSpec.ControlSpec spec;
    private final AdapterManager adapters;
    private final StatusBoard board;

    private ControlPart(PlatformSpec.ControlSpec spec, AdapterManager adapters, StatusBoard board) {
        this.spec = spec;
        this.adapters = adapters;
        this.board = board;
    }

    /** Sets the adapters up (none runs yet); null when the spec has no control part. */
    static ControlPart start(PartContext ctx) {
        PlatformSpec.ControlSpec c = ctx.spec().control();
        if (c == null) return null;
        c.kinds().forEach(k -> ctx.lifecycle().add("adapter kind " + k.name(), k));
        KafkaEventPublisher publisher = ctx.lifecycle()
                .add(
                        "adapter-publisher",
                        new KafkaEventPublisher(ctx.kafka(), "ticktape-adapters", ctx.codec(), ctx.registry()));
        AdapterManager adapters =
                ctx.lifecycle().add("adapters", new AdapterManager(c.kinds(), publisher, ctx.registry()));
        StatusBoard board = new StatusBoard(ctx.kafka());
        board.useLocalFeeds(venue -> localFeed(adapters, ctx.registry(), venue));
        board.start();
        ctx.lifecycle().add("status-board", board);
        if (c.alerts()) {
            FeedMonitor monitor =
                    new FeedMonitor(board, c.staleTimeout(), c.venueTimeouts(), ctx.kafka(), ctx.registry());
            monitor.start();
            ctx.lifecycle().add("feed-monitor", monitor);
        }
        return new ControlPart(c, adapters, board);
    }

    /**
     * The meters of a venue whose adapter runs here: read at request time, they are exact where the last
     * {@code md.status} heartbeat is up to one interval old.
     */
    private static Optional<StatusBoard.Live> localFeed(AdapterManager adapters, MeterRegistry registry, String venue) {
        boolean here = adapters.running().values().stream()
                .anyMatch(r -> r.adapter().venue().equals(venue));
        if (!here) return Optional.empty();
        Gauge age = registry.find("ticktape.adapter.last.message.age.seconds")
                .tag("venue", venue)
                .gauge();
        Gauge rate = registry.find("ticktape.adapter.messages.per.second")
                .tag("venue", venue)
                .gauge();
        if (age == null || rate == null) return Optional.empty();
        long lastMessageMs = System.currentTimeMillis() - Math.round(age.value() * 1000);
        return Optional.of(new StatusBoard.Live(lastMessageMs, rate.value()));
    }

    void routes(HttpEdge http) {
        new StreamingRoutes(adapters, board, spec.apiToken()).register(http);
    }

    /** Starts the adapters named to run from the start. */
    void autostart() {
        spec.autostart().forEach(adapters::start);
    }

    AdapterManager adapters() {
        return adapters;
    }

    StatusBoard board() {
        return board;
    }
}
