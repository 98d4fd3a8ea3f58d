package dev.ticktape.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code n} dashboard pages as the server sees them, without a browser each: per page the two event streams the page
 * keeps open (1s bars coalesced to 250 ms, alerts) and its polls ({@code /v1/overview} every 2 s, {@code /v1/instruments} every 15 s). Counts what was served, so a run can show the
 * pages were really fed.
 */
final class PageCrowd implements AutoCloseable {
    private static final List<String> STREAMS =
            List.of("/v1/stream?kind=bars&interval=1s&coalesce_ms=250", "/v1/stream?kind=alerts");
    private static final List<String> POLLS = List.of("/v1/overview");

    private final String base;
    private static final String THREADS = "bench-page-";

    /** The threads this crowd started, for its CPU time. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newCachedThreadPool(r -> thread(r, "http")))
            .build();
    private final ScheduledExecutorService polls = Executors.newScheduledThreadPool(2, r -> thread(r, "polls"));
    private final List<HttpURLConnection> streams = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong polled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    private PageCrowd(String base) {
        this.base = base;
    }

    /** Opens {@code pages} pages against {@code base} ({@code http://host:port}); each stream answers 200 first. */
    static PageCrowd open(String base, int pages) throws IOException {
        PageCrowd crowd = new PageCrowd(base);
        for (int p = 0; p < pages; p++) {
            for (String path : STREAMS) crowd.stream(path);
            long offset = (2000L * p) / Math.max(1, pages); // pages were not all opened in the same millisecond
            crowd.polls.scheduleAtFixedRate(() -> POLLS.forEach(crowd::poll), offset, 2000, TimeUnit.MILLISECONDS);
            crowd.polls.scheduleAtFixedRate(() -> crowd.poll("/v1/instruments"), offset, 15_000, TimeUnit.MILLISECONDS);
        }
        return crowd;
    }

    private void stream(String path) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setRequestProperty("Accept", "text/event-stream");
        c.setReadTimeout(0);
        if (c.getResponseCode() != 200) throw new IOException(path + " answered " + c.getResponseCode());
        streams.add(c);
        thread(() -> read(c), "stream").start();
    }

    private void read(HttpURLConnection c) {
        byte[] buf = new byte[64 * 1024];
        int prev = 0;
        try (InputStream in = c.getInputStream()) {
            int n;
            while (!closed && (n = in.read(buf)) > 0) {
                reads.incrementAndGet();
                bytes.addAndGet(n);
                long ev = 0;
                for (int i = 0; i < n; i++) {
                    // An event ends with an empty line; comments (heartbeats) start with ':' and are not counted.
                    if (buf[i] == '\n' && prev == '\n') ev++;
                    prev = buf[i];
                }
                events.addAndGet(ev);
            }
        } catch (IOException e) {
            if (!closed) failed.incrementAndGet();
        }
    }

    private void poll(String path) {
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            // A process without a part answers 404 for it, as the page expects.
            if (r.statusCode() >= 500) failed.incrementAndGet();
            polled.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the pages were served so far. */
    Served served() {
        return new Served(
                streams.size(), events.get(), bytes.get(), reads.get(), polled.get(), failed.get(), clientCpuMs());
    }

    /**
     * CPU time the crowd's own threads used so far (reading streams, polling), in ms: the part of a phase's cost
     * that browsers on other machines would not put on the server. The JDK HTTP client's selector thread is not
     * named by us and is not counted, so this is a lower bound.
     */
    private long clientCpuMs() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (Thread t : threads) {
            long cpu = mx.getThreadCpuTime(t.getId()); // -1 once a thread has ended: its time is lost, a lower bound
            if (cpu > 0) nanos += cpu;
        }
        return nanos / 1_000_000;
    }

    private Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, THREADS + name);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        polls.shutdownNow();
        streams.forEach(HttpURLConnection::disconnect);
    }

    /** Streams open, events and bytes received, socket reads (bursts), polls answered, failures, clients' CPU ms. */
    record Served(int streams, long events, long bytes, long reads, long polls, long failures, long clientCpuMs) {}
}
