package dev.ticktape.app.decisions;

import dev.ticktape.app.health.HealthCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket that streams decision lines (NDJSON) to every connected subscriber, from the moment it
 * connects. Each subscriber has its own bounded queue and writer thread; one that falls {@link #QUEUE_LINES}
 * behind is disconnected with one log line and {@code ticktape_decision_subscribers_dropped_total}, so a slow or
 * dead reader never holds up the feed. What subscribers send is ignored.
 */
final class TcpLineSink implements LineSink {
    private static final Logger LOG = LoggerFactory.getLogger(TcpLineSink.class);
    static final int QUEUE_LINES = 10_000;

    private final ServerSocket server;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Counter dropped;
    private final Thread acceptor;
    private volatile boolean closed;

    TcpLineSink(String host, int port, MeterRegistry registry) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        dropped = Counter.builder("ticktape.decision.subscribers.dropped")
                .description("Decision TCP subscribers disconnected for falling behind")
                .register(registry);
        Gauge.builder("ticktape.decision.subscribers", subscribers, List::size)
                .description("Connected decision TCP subscribers")
                .register(registry);
        acceptor = new Thread(this::accept, "ticktape-decisions-tcp-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The bound port (the given one, or the free one picked for 0). */
    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Subscriber sub = new Subscriber(s);
                subscribers.add(sub);
                sub.start();
            } catch (IOException e) {
                if (!closed) LOG.warn("decision subscriber accept failed: {}", e.toString());
            }
        }
    }

    @Override
    public void write(List<byte[]> lines) {
        for (Subscriber s : subscribers) {
            for (byte[] line : lines) {
                if (!s.queue.offer(line)) {
                    LOG.warn(
                            "decision subscriber {} dropped: {} lines behind",
                            s.socket.getRemoteSocketAddress(),
                            QUEUE_LINES);
                    dropped.increment();
                    s.stop();
                    break;
                }
            }
        }
    }

    @Override
    public HealthCheck.Component health() {
        return HealthCheck.Component.up("tcp://" + server.getInetAddress().getHostAddress() + ":" + port() + ", "
                + subscribers.size() + " subscribers");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Subscriber s : subscribers) s.stop();
    }

    /** One connected reader: its queue and the thread that writes it out. */
    private final class Subscriber {
        final Socket socket;
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
        final Thread writer;
        volatile boolean stopped;

        Subscriber(Socket socket) {
            this.socket = socket;
            this.writer = new Thread(this::drain, "ticktape-decisions-subscriber-" + socket.getPort());
            writer.setDaemon(true);
        }

        void start() {
            writer.start();
        }

        void stop() {
            stopped = true;
            subscribers.remove(this);
            try {
                socket.close(); // unblocks a write stuck on a full socket buffer
            } catch (IOException ignored) {
                // already closed
            }
        }

        private void drain() {
            try (OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16)) {
                while (!stopped) {
                    byte[] line = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (line == null) continue;
                    out.write(line);
                    out.write('\n');
                    // Write what is queued, then flush once: one syscall per burst.
                    for (byte[] more = queue.poll(); more != null; more = queue.poll()) {
                        out.write(more);
                        out.write('\n');
                    }
                    out.flush();
                }
            } catch (SocketException e) {
                // the subscriber went away, or stop() closed it
            } catch (IOException e) {
                LOG.info("decision subscriber {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stop();
            }
        }
    }
}
