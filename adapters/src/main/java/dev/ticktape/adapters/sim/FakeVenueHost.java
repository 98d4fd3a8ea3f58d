package dev.ticktape.adapters.sim;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every fake venue runs besides its protocol: one daemon thread for the market loop and timed faults, a REST
 * server on an ephemeral 127.0.0.1 port, and the WebSocket server, started together and stopped together.
 */
final class FakeVenueHost {
    private final ScheduledExecutorService exec;
    private final HttpServer rest;
    private final FakeWsServer ws;

    /** Binds the REST server (serving {@code restContext} with {@code restHandler}); nothing runs until {@link #start}. */
    FakeVenueHost(String threadName, FakeWsServer ws, String restContext, HttpHandler restHandler) {
        this.ws = ws;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            this.rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            exec.shutdownNow();
            throw new UncheckedIOException(e);
        }
        rest.createContext(restContext, restHandler);
    }

    /**
     * Starts the WebSocket server, waits until it listens, then starts REST. {@code ownPings}: the fake drives its
     * own heartbeat, so the library's lost-connection check is switched off.
     */
    void start(boolean ownPings, String what) {
        ws.setReuseAddr(true);
        if (ownPings) ws.setConnectionLostTimeout(0);
        ws.start();
        try {
            if (!ws.awaitStarted(10, TimeUnit.SECONDS)) throw new IllegalStateException(what + " did not start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        rest.start();
    }

    ScheduledExecutorService exec() {
        return exec;
    }

    /** {@code ws://127.0.0.1:<port><path>}. */
    String wsUrl(String path) {
        return "ws://127.0.0.1:" + ws.getPort() + path;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String restUrl(String path) {
        return "http://127.0.0.1:" + rest.getAddress().getPort() + path;
    }

    void close() {
        exec.shutdownNow();
        rest.stop(0);
        try {
            ws.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
