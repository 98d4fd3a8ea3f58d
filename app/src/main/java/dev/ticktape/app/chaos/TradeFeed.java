package dev.ticktape.app.chaos;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steady load: live trades with distinct ids at a set rate over one gateway connection at a time, every one
 * recorded in {@link SentTrades}. When the connection breaks (the gateway was killed) the load reconnects and goes
 * on; while it cannot connect it sends nothing and does not catch up later. On request it cuts its connection in
 * the middle of a line and reconnects.
 */
final class TradeFeed {
    /** How a connection of the load ended. */
    enum End {
        /** closed by the load after its last line */
        CLEAN,
        /** a write or connect failed: the gateway went away */
        BROKEN,
        /** closed on purpose after half a line */
        CUT
    }

    /** One connection of the load and how it ended. */
    record Connection(int index, long trades, End end) {}

    static final String CUT_MARKER = "CHAOSCUT";
    private static final Logger log = LoggerFactory.getLogger(TradeFeed.class);

    private final String host;
    private final int port;
    private final String venue;
    private final int rate;
    private final List<String> symbols = new ArrayList<>();
    private final SplittableRandom rnd;
    private final SentTrades sent = new SentTrades();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicReference<CompletableFuture<Void>> cutRequest = new AtomicReference<>();
    private volatile boolean stopping;
    private Thread thread;

    TradeFeed(String host, int port, String venue, int symbolCount, int rate, long seed) {
        this.host = host;
        this.port = port;
        this.venue = venue;
        this.rate = rate;
        this.rnd = new SplittableRandom(seed);
        for (int i = 0; i < symbolCount; i++) symbols.add(String.format(Locale.ROOT, "CH%04d", i));
    }

    List<String> symbols() {
        return symbols;
    }

    void start() {
        thread = new Thread(this::run, "chaos-load");
        thread.start();
    }

    /** Stops the load: the current connection is closed cleanly after its last line. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    /** Asks the load thread to cut its connection mid-line; completes once it has. */
    CompletableFuture<Void> cutMidLine() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!cutRequest.compareAndSet(null, f)) f.completeExceptionally(new IllegalStateException("cut pending"));
        return f;
    }

    /** Valid after {@link #stop()}. */
    SentTrades sent() {
        return sent;
    }

    /** Valid after {@link #stop()}. */
    List<Connection> connections() {
        return connections;
    }

    long cuts() {
        return connections.stream().filter(c -> c.end() == End.CUT).count();
    }

    private void run() {
        double[] px = new double[symbols.size()];
        for (int i = 0; i < px.length; i++) px[i] = 100 + rnd.nextInt(900);
        long lastTs = 0;
        StringBuilder line = new StringBuilder(192);
        while (!stopping) {
            Socket socket = connect();
            if (socket == null) continue;
            int conn = connections.size();
            long before = sent.size();
            End end = End.CLEAN;
            try (socket) {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                double credit = 0;
                long prev = System.nanoTime();
                while (!stopping) {
                    CompletableFuture<Void> cut = cutRequest.getAndSet(null);
                    if (cut != null) {
                        out.flush();
                        writeHalfLine(out, conn);
                        socket.shutdownOutput(); // FIN after half a line, as when a producer dies mid-write
                        end = End.CUT;
                        cut.complete(null);
                        break;
                    }
                    long now = System.nanoTime();
                    // No catching up after a stall: at most a fifth of a second's worth at once.
                    credit = Math.min(credit + (now - prev) / 1e9 * rate, rate / 5.0);
                    prev = now;
                    int n = (int) credit;
                    for (int k = 0; k < n; k++) {
                        int s = rnd.nextInt(symbols.size());
                        double p = Math.max(0.01, Math.round((px[s] + (rnd.nextDouble() - 0.5) * 0.2) * 100) / 100.0);
                        px[s] = p;
                        double q = (1 + rnd.nextInt(1000)) / 1000.0;
                        // Event time never goes backwards, so send order is also time order within a second.
                        long ts = Math.max(lastTs, System.currentTimeMillis());
                        lastTs = ts;
                        long id = sent.add(s, ts, p, q, conn);
                        line.setLength(0);
                        line.append("{\"type\":\"trade\",\"venue\":\"")
                                .append(venue)
                                .append("\",\"symbol\":\"")
                                .append(symbols.get(s))
                                .append("\",\"ts_ms\":")
                                .append(ts)
                                .append(",\"price\":")
                                .append(p)
                                .append(",\"qty\":")
                                .append(q)
                                .append(",\"trade_id\":")
                                .append(id)
                                .append("}\n");
                        out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                    }
                    credit -= n;
                    out.flush();
                    LockSupport.parkNanos(1_000_000);
                }
                if (end == End.CLEAN) out.flush();
            } catch (IOException e) {
                end = End.BROKEN;
                log.info(
                        "chaos: load connection {} broke after {} trades: {}",
                        conn,
                        sent.size() - before,
                        e.getMessage());
            }
            connections.add(new Connection(conn, sent.size() - before, end));
        }
        CompletableFuture<Void> pending = cutRequest.getAndSet(null);
        if (pending != null) pending.completeExceptionally(new IllegalStateException("load stopped"));
    }

    /** Connects, retrying every 100 ms while the gateway is down; null when the load is stopping. */
    private Socket connect() {
        while (!stopping) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), 2_000);
                return s;
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // never connected
                }
                CompletableFuture<Void> cut = cutRequest.getAndSet(null);
                if (cut != null) cut.completeExceptionally(new IOException("gateway down: nothing to cut"));
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        return null;
    }

    /** Half of a trade line that carries a marker first, so its dead letter can be found. */
    private void writeHalfLine(OutputStream out, int conn) throws IOException {
        String half = "{\"chaos\":\"" + CUT_MARKER + "-" + conn + "\",\"type\":\"trade\",\"venue\":\"" + venue
                + "\",\"symbol\":\"" + symbols.get(0) + "\",\"ts_ms\":" + System.currentTimeMillis() + ",\"pri";
        out.write(half.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
