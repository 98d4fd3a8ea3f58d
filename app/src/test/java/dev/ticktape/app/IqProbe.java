package dev.ticktape.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Asks every watched streams instance for {@code GET /v1/bars/latest} of every instrument, round after round on a
 * thread of its own, and keeps each answer that is neither 200 nor 503 with {@code Retry-After} (a failed request
 * too). A 404 is right only before the instrument's first bar: it counts as bad once any instance has answered 200
 * for that instrument before the request was sent. An instance is unwatched before it is killed, so the failures
 * of its own dying socket do not count.
 */
final class IqProbe implements AutoCloseable {
    private static final int KEPT = 50;
    private final HttpClient http;
    private final String venue;
    private volatile List<String> symbols = List.of();
    private final Map<Integer, String> watched = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> codes = new ConcurrentSkipListMap<>();
    /** When the first 200 for each instrument came back, from any instance. */
    private final Map<String, Long> firstBarNanos = new ConcurrentHashMap<>();

    private final List<String> violations = new ArrayList<>();
    private final AtomicLong violationCount = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iq-probe");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();

    IqProbe(HttpClient http, String venue) {
        this.http = http;
        this.venue = venue;
    }

    void watch(String name, int port) {
        watched.put(port, name);
    }

    void unwatch(int port) {
        watched.remove(port);
    }

    /** Rounds back to back, 100 ms apart: a few hundred requests a second, enough to see every takeover step. */
    void start(List<String> instruments) {
        symbols = List.copyOf(instruments);
        timer.scheduleWithFixedDelay(this::round, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void round() {
        for (Map.Entry<Integer, String> e : Map.copyOf(watched).entrySet()) {
            for (String sym : symbols) {
                if (!watched.containsKey(e.getKey())) break;
                ask(e.getKey(), e.getValue(), sym);
            }
        }
        rounds.incrementAndGet();
    }

    private void ask(int port, String name, String symbol) {
        String what;
        long sentNanos = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/bars/latest?venue=" + venue
                                    + "&interval=1s&symbol=" + symbol))
                            .timeout(Duration.ofSeconds(15))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            codes.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
            if (r.statusCode() == 200) {
                firstBarNanos.putIfAbsent(symbol, System.nanoTime());
                return;
            }
            if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()) return;
            Long firstBar = firstBarNanos.get(symbol);
            if (r.statusCode() == 404 && (firstBar == null || firstBar - sentNanos > 0)) return;
            what = r.statusCode() + " " + r.headers().map() + " " + r.body();
        } catch (IOException e) {
            what = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!watched.containsKey(port)) return;
        violationCount.incrementAndGet();
        synchronized (violations) {
            if (violations.size() < KEPT) {
                violations.add(String.format(
                        Locale.ROOT, "%.1f s %s %s: %s", (System.nanoTime() - startNanos) / 1e9, name, symbol, what));
            }
        }
    }

    long count(int status) {
        LongAdder n = codes.get(status);
        return n == null ? 0 : n.sum();
    }

    /** The first answers that were neither 200 nor 503 with Retry-After. */
    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    String summary() {
        return String.format(
                Locale.ROOT,
                "IQ probe: %d rounds, answers by status %s, %d bad",
                rounds.get(),
                codes,
                violationCount.get());
    }

    /** Stops probing and waits for the round in flight. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(20, TimeUnit.SECONDS);
    }
}
