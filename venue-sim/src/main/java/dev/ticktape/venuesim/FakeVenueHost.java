package dev.ticktape.venuesim;

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
 * server on 127.0.0.1, and the WebSocket server; started together and stopped together. A start that fails closes
 * what it had opened, so its thread and REST port do not outlive it.
 */
final class FakeVenueHost {
    private final ScheduledExecutorService exec;
    private final HttpServer rest;
    private final FakeWsServer ws;
    private boolean closed;

    /**
     * Binds the REST server on {@code restPort} (0: any free port), serving {@code restContext} with
     * {@code restHandler}; nothing runs until {@link #start}.
     */
    FakeVenueHost(String threadName, FakeWsServer ws, int restPort, String restContext, HttpHandler restHandler) {
        this.ws = ws;
        try {
            this.rest = HttpServer.create(new InetSocketAddress("127.0.0.1", restPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rest.createContext(restContext, restHandler);
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the WebSocket server, waits until it listens, then starts REST. {@code ownPings}: the fake drives its
     * own heartbeat, so the library's lost-connection check is switched off. {@code what} names the WebSocket
     * server in the error when it does not come up.
     */
    void start(boolean ownPings, String what) {
        ws.setReuseAddr(true);
        if (ownPings) ws.setConnectionLostTimeout(0);
        ws.start();
        try {
            if (!ws.awaitStarted(10, TimeUnit.SECONDS)) throw new IllegalStateException(what + " did not start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        rest.start();
    }

    /** The venue's one thread: market ticks, heartbeats and timed faults run here, never concurrently. */
    ScheduledExecutorService exec() {
        return exec;
    }

    /** {@code ws://127.0.0.1:<port><path>}. */
    String wsUrl(String path) {
        return "ws://127.0.0.1:" + wsPort() + path;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String restUrl(String path) {
        return "http://127.0.0.1:" + restPort() + path;
    }

    int wsPort() {
        return ws.getPort();
    }

    int restPort() {
        return rest.getAddress().getPort();
    }

    /** Stops the loop, then REST, then the WebSocket server (its clients see the close); a second call does nothing. */
    synchronized void close() {
        if (closed) return;
        closed = true;
        exec.shutdownNow();
        rest.stop(0);
        try {
            ws.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
