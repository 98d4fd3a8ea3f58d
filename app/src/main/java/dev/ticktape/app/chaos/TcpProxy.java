package dev.ticktape.app.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP forwarder between a client and a server, with an outage switch: while it is on, every forwarded
 * connection is cut and new ones are accepted and closed at once, which is what a client sees of a database whose
 * host went away and came back. Two threads per connection; meant for a handful of pooled connections.
 */
public final class TcpProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean outage;
    private volatile boolean closed;

    /** Listens on a free loopback port at once; connections are forwarded to {@code upstreamHost:upstreamPort}. */
    public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "chaos-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections refused during outages so far. */
    public long refused() {
        return refused.get();
    }

    /** Connections forwarded so far. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Starts an outage: cuts every open connection; until {@link #restore()} new ones are closed on accept. */
    public int cut() {
        outage = true;
        int n = 0;
        for (Socket s : open) {
            closeQuietly(s);
            n++;
        }
        open.clear();
        return n / 2; // each forwarded connection is a client and an upstream socket
    }

    /** Ends the outage: new connections are forwarded again. */
    public void restore() {
        outage = false;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) log.warn("chaos proxy: accept failed: {}", e.getMessage());
                return;
            }
            if (outage) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            forwarded.incrementAndGet();
            open.add(client);
            open.add(upstream);
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the other side or an outage closed the connection: close both ends below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "chaos-proxy-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }
}
