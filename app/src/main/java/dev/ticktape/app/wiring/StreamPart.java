package dev.ticktape.app.wiring;

import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.push.StreamHub;
import dev.ticktape.app.push.StreamRoute;

/**
 * The push API: {@code GET /v1/stream} on every process with an HTTP edge, since it needs only Kafka. Its topic
 * consumers start with the first client, so a process nobody streams from pays nothing.
 */
final class StreamPart {
    private StreamPart() {}

    static void routes(PartContext ctx, HttpEdge http) {
        StreamHub hub = new StreamHub(ctx.kafka(), ctx.codec(), ctx.registry(), ctx.spec().http().stream());
        // Registered after the edge, so stopped before it: streams end before the edge waits for requests in flight.
        ctx.lifecycle().add("stream", hub);
        http.sse(StreamRoute.PATH, new StreamRoute(hub));
    }
}
