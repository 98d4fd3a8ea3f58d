package dev.ticktape.app.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /v1/overview}: what a dashboard page polls, in one answer. The answers of this process's own
 * {@code /health} and {@code /v1/streaming/status} routes (when it has them) and every {@code ticktape_*} counter
 * and gauge summed by its Prometheus name, so the page needs neither three requests nor a parse of the whole
 * Prometheus text. Built at most once a second and shared by every page.
 */
final class Overview {
    /** Routes whose answers the overview repeats, under these keys. */
    private static final Map<String, String> SECTIONS =
            Map.of("health", "/health", "streaming", "/v1/streaming/status");

    private final Function<String, HttpEdge.Response> localGet;
    private final MeterRegistry registry;

    /** @param localGet answers a GET path of this edge in-process, or null when it has no such route */
    Overview(Function<String, HttpEdge.Response> localGet, MeterRegistry registry) {
        this.localGet = localGet;
        this.registry = registry;
    }

    Map<String, Object> build() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at_ms", System.currentTimeMillis());
        for (String key : new TreeMap<>(SECTIONS).keySet()) {
            HttpEdge.Response r = localGet.apply(SECTIONS.get(key));
            // /health answers 503 with its body when a component is down: the page still wants the body.
            if (r != null && (r.status() == 200 || key.equals("health"))) body.put(key, r.body());
        }
        body.put("meters", meters());
        return body;
    }

    /** Counter and gauge values summed over their tags, keyed like Prometheus names them. */
    private Map<String, Double> meters() {
        Map<String, Double> sums = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith("ticktape.")) continue;
            String prom = name.replace('.', '_');
            double v;
            if (m instanceof Counter c) {
                v = c.count();
                prom += "_total";
            } else if (m instanceof FunctionCounter c) {
                v = c.count();
                prom += "_total";
            } else if (m instanceof Gauge g) {
                v = g.value();
            } else {
                continue;
            }
            if (Double.isFinite(v)) sums.merge(prom, v, Double::sum);
        }
        return sums;
    }
}
