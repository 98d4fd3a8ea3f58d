package dev.ticktape.app.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The edge's listening socket, bound when the edge is built and served once it starts. Streams advertises this
 * port as {@code application.server} before the routes exist; until then connections wait in the backlog rather
 * than meeting a 404, so a peer forwarding to this instance early gets its answer late, not wrong.
 */
final class BoundSocket implements AutoCloseable {
    private static final int BACKLOG = 64;
    private final ServerSocketChannel channel;

    BoundSocket(String host, int port) throws IOException {
        channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind the HTTP edge to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return channel.socket().getLocalPort();
    }

    /** A connector serving this socket; it owns (and closes) the channel from then on. */
    ServerConnector connector(Server server, HttpConfiguration config) {
        // One acceptor and one selector: a loopback API with a few callers.
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        try {
            connector.open(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connector;
    }

    /** Releases the port when the edge never started (closing twice is harmless). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
