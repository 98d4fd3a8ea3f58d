package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ticktape.app.health.HealthCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's HTTP edge: {@code /health}, {@code /metrics} (Prometheus text format) and the JSON API routes
 * registered by the parts running here. Built on the JDK's HTTP server: a loopback API with a handful of routes
 * needs no framework, and the JDK server starts in milliseconds with no extra dependencies.
 */
public final class HttpEdge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

    /** A JSON API route: query parameters in, a response out. */
    @FunctionalInterface
    public interface Route {
        Response handle(Map<String, String> query) throws Exception;
    }

    /** A request with its body, for routes that change something. */
    public record Request(String method, Map<String, String> query, com.sun.net.httpserver.Headers headers, byte[] body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A route that needs the method, headers or body. */
    @FunctionalInterface
    public interface RequestRoute {
        Response handle(Request request) throws Exception;
    }

    /** An HTTP answer. {@code body} is serialised as JSON unless it is a String or already JSON bytes. */
    public record Response(int status, Object body, Map<String, String> headers) {
        public static Response ok(Object body) {
            return new Response(200, body, Map.of());
        }

        public static Response error(int status, String message) {
            return new Response(status, Map.of("error", message), Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json;

    public HttpEdge(String host, int port, PrometheusMeterRegistry registry, HealthCheck health, ObjectMapper json)
            throws IOException {
        this.json = json;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-edge");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8), Map.of()));
        route("/health", q -> {
            HealthCheck.Report r = health.evaluate();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.up() ? "UP" : "DOWN");
            body.put("components", r.components());
            return new Response(r.up() ? 200 : 503, body, Map.of());
        });
    }

    /** Registers a GET route answered with JSON. Bad parameters ({@link IllegalArgumentException}) answer 400. */
    public void route(String path, Route route) {
        server.createContext(path, ex -> {
            try {
                if (!"GET".equals(ex.getRequestMethod())) {
                    send(ex, Response.error(405, "use GET"));
                    return;
                }
                if (!ex.getRequestURI().getPath().equals(path)) {
                    send(ex, Response.error(404, "no such endpoint: " + ex.getRequestURI().getPath()));
                    return;
                }
                send(ex, route.handle(query(ex.getRequestURI().getRawQuery())));
            } catch (IllegalArgumentException e) {
                send(ex, Response.error(400, e.getMessage()));
            } catch (Exception e) {
                LOG.warn("{} {} failed: {}", ex.getRequestMethod(), path, e.toString());
                send(ex, Response.error(500, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
    }

    /**
     * Registers a route that sees the whole request (any method). Bad input ({@link IllegalArgumentException})
     * answers 400.
     */
    public void routeRequest(String path, RequestRoute route) {
        server.createContext(path, ex -> {
            try {
                if (!ex.getRequestURI().getPath().equals(path)) {
                    send(ex, Response.error(404, "no such endpoint: " + ex.getRequestURI().getPath()));
                    return;
                }
                byte[] body = ex.getRequestBody().readNBytes(1 << 20);
                send(ex, route.handle(new Request(ex.getRequestMethod(), query(ex.getRequestURI().getRawQuery()),
                        ex.getRequestHeaders(), body)));
            } catch (IllegalArgumentException e) {
                send(ex, Response.error(400, e.getMessage()));
            } catch (Exception e) {
                LOG.warn("{} {} failed: {}", ex.getRequestMethod(), path, e.toString());
                send(ex, Response.error(500, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        });
    }

    public void start() {
        server.start();
        LOG.info("HTTP edge listening on http://{}:{}", server.getAddress().getHostString(), port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void send(HttpExchange ex, Response r) throws IOException {
        byte[] body;
        if (r.body() instanceof byte[] raw) {
            body = raw; // relayed JSON from another instance
        } else if (r.body() instanceof String s) {
            body = s.getBytes(StandardCharsets.UTF_8);
        } else {
            body = json.writeValueAsBytes(r.body());
        }
        String type = r.body() instanceof String ? "text/plain; charset=utf-8" : "application/json";
        respond(ex, r.status(), type, body, r.headers());
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
