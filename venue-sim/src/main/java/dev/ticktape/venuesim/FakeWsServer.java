package dev.ticktape.venuesim;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.server.WebSocketServer;

/** A fake venue's WebSocket endpoint that can be waited on until it listens. */
abstract class FakeWsServer extends WebSocketServer {
    private final CountDownLatch started = new CountDownLatch(1);

    FakeWsServer(InetSocketAddress address) {
        super(address);
    }

    /** True once the server socket is bound; false if that did not happen within the timeout. */
    final boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    @Override
    public final void onStart() {
        started.countDown();
    }
}
