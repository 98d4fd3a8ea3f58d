package dev.ticktape.app.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * {@code /metrics} text reused for a short while: every open dashboard page polls it every 2 s, and one scrape a
 * second serves all of them. Prometheus itself scrapes every 15 s or more, so a second-old answer changes nothing
 * for it.
 */
final class ScrapeCache {
    private record Scrape(long atNanos, String body) {}

    private final PrometheusMeterRegistry registry;
    private final long reuseNanos;
    private volatile Scrape last;

    ScrapeCache(PrometheusMeterRegistry registry, Duration reuse) {
        this.registry = registry;
        this.reuseNanos = reuse.toNanos();
    }

    String body() {
        Scrape s = last;
        long now = System.nanoTime();
        if (s != null && now - s.atNanos() < reuseNanos) return s.body();
        // Two requests at the same moment may both scrape: cheaper than making one wait for the other.
        Scrape fresh = new Scrape(now, registry.scrape());
        last = fresh;
        return fresh.body();
    }
}
