package dev.ticktape.app.wiring;

import dev.ticktape.adapters.ndjson.FileTailer;
import dev.ticktape.adapters.ndjson.LineSession;
import dev.ticktape.adapters.ndjson.NdjsonGateway;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.kafka.KafkaEventPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The intake part: the NDJSON gateway on TCP and the line sources it reads besides (tailed files, stdin). */
final class GatewayPart {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayPart.class);

    private final NdjsonGateway gateway;
    private final List<FileTailer> tailers;
    private final CompletableFuture<LineSession> stdin; // null without --stdin

    private GatewayPart(NdjsonGateway gateway, List<FileTailer> tailers, CompletableFuture<LineSession> stdin) {
        this.gateway = gateway;
        this.tailers = List.copyOf(tailers);
        this.stdin = stdin;
    }

    /** Opens the gateway's port and starts its inputs; null when the spec has no gateway. */
    static GatewayPart start(PartContext ctx) throws IOException, InterruptedException {
        PlatformSpec.GatewaySpec g = ctx.spec().gateway();
        if (g == null) return null;
        KafkaEventPublisher publisher = ctx.lifecycle()
                .add(
                        "gateway-publisher",
                        new KafkaEventPublisher(ctx.kafka(), "ticktape-gateway", ctx.codec(), ctx.registry()));
        NdjsonGateway gateway = new NdjsonGateway(g.config(), publisher, ctx.registry());
        gateway.start();
        ctx.lifecycle().add("gateway", gateway);
        ctx.health()
                .register(
                        "gateway",
                        false,
                        () -> HealthCheck.Component.up("tcp " + g.config().host() + ":" + gateway.port()));
        List<FileTailer> tailers = new ArrayList<>();
        for (Path file : g.inputs().tailFiles()) {
            tailers.add(ctx.lifecycle()
                    .add("tail " + file, gateway.tail(file, g.inputs().follow())));
        }
        CompletableFuture<LineSession> stdin = g.inputs().stdin() ? readStdin(gateway) : null;
        return new GatewayPart(gateway, tailers, stdin);
    }

    private static CompletableFuture<LineSession> readStdin(NdjsonGateway gateway) {
        CompletableFuture<LineSession> done = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        LineSession session = gateway.readStream(System.in);
                        LOG.info("stdin finished: {}", session.totals());
                        done.complete(session);
                    } catch (IOException e) {
                        LOG.warn("stdin failed: {}", e.toString());
                        done.completeExceptionally(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        done.completeExceptionally(e);
                    }
                },
                "stdin-reader");
        reader.setDaemon(true);
        reader.start();
        return done;
    }

    /** Standard input's end (with its session), or null when this process does not read it. */
    CompletableFuture<LineSession> stdin() {
        return stdin;
    }

    /** True for the lifecycle names of intake pieces: closed first by a drain. */
    static boolean intake(String part) {
        return part.startsWith("tail ")
                || part.equals("gateway")
                || part.equals("gateway-publisher")
                || part.equals("adapters")
                || part.equals("adapter-publisher");
    }

    int port() {
        return gateway.port();
    }

    List<FileTailer> tailers() {
        return tailers;
    }
}
