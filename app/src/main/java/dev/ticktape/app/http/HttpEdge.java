package dev.ticktape.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.model.codec.LogText;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's HTTP edge and the one place routes are registered: {@code /health}, {@code /metrics} (Prometheus
 * text format) and the JSON API routes of the parts running here. Runs on Javalin (Jetty), which also brings what
 * the dashboard work needs next: server-sent events and static files.
 *
 * <p>Use: build it (the port is bound at once, so Streams can advertise it), register routes with {@link #get} and
 * {@link #post}, then {@link #start()}; routes are fixed from then on. Every error answers
 * {@code {"error": "...", "status": N, "code": "...", "hint": "..."}} as {@code application/json} (see
 * {@link ErrorBody} and {@link JsonErrors}); a 503 carries {@code Retry-After}. {@link #close()} stops accepting, lets requests in flight finish for a short while, then
 * stops.
 */
public final class HttpEdge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Request threads, acceptor and selector included: enough for a loopback API on a small machine. */
    private static final int MAX_THREADS = 8;

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    /** A JSON API route: query parameters in, a response out. */
    @FunctionalInterface
    public interface Route {
        Response handle(Map<String, String> query) throws Exception;
    }

    /** A request with its headers and body, for routes that change something. {@code headers} ignore case. */
    public record Request(String method, Map<String, String> query, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** A route that needs the headers or body. */
    @FunctionalInterface
    public interface RequestRoute {
        Response handle(Request request) throws Exception;
    }

    /**
     * A server-sent-events route: refuses with a {@link Response} (sent like any other answer), or opens
     * {@code stream} and returns null, owning it from then on. {@link #close()} runs when the edge closes, before
     * it stops serving, so it can end its open streams.
     */
    public interface StreamRoute extends AutoCloseable {
        Response open(Request request, SseStream stream) throws Exception;

        @Override
        default void close() {}
    }

    /**
     * An HTTP answer. {@code body} is serialised as JSON unless it is a String (sent as text) or already JSON bytes.
     * A {@code Content-Type} among {@code headers} replaces the default.
     */
    public record Response(int status, Object body, Map<String, String> headers) {
        public static Response ok(Object body) {
            return new Response(200, body, Map.of());
        }

        /** The uniform error answer with the status's own code and no hint (see {@link ErrorBody}). */
        public static Response error(int status, String message) {
            return error(status, ErrorBody.codeOf(status), message, null);
        }

        /**
         * The uniform error answer, {@code {"error": message, "status": status, "code": code, "hint": hint}};
         * {@code hint} is left out when null.
         */
        public static Response error(int status, String code, String message, String hint) {
            return new Response(status, ErrorBody.of(status, code, message, hint), Map.of());
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, body, Map.copyOf(h));
        }
    }

    private final String host;
    private final BoundSocket socket;
    private final ObjectMapper json;
    private final ResponseWriter writer;
    private final List<Consumer<JavalinConfig>> routes = new ArrayList<>();
    /** Paths in registration order, for what a process announces (its ready banner) to follow what it serves. */
    private final List<String> paths = new ArrayList<>();
    /** GET paths answered with one response (not streams), for the test that asks each for its happy path. */
    private final Set<String> getPaths = new TreeSet<>();
    /** GET routes by path, for {@code /v1/overview} to repeat some of their answers. */
    private final Map<String, Route> getRoutes = new HashMap<>();

    private final List<StreamRoute> streamRoutes = new ArrayList<>();
    private Javalin app;

    public HttpEdge(String host, int port, PrometheusMeterRegistry registry, HealthCheck health, ObjectMapper json)
            throws IOException {
        this.host = host;
        this.json = json;
        this.writer = new ResponseWriter(json);
        this.socket = new BoundSocket(host, port);
        ReusedAnswer<String> metrics = new ReusedAnswer<>(registry::scrape, Duration.ofSeconds(1));
        get("/metrics", q -> new Response(200, metrics.get(), Map.of("Content-Type", PROMETHEUS_TEXT)));
        get("/health", q -> {
            HealthCheck.Report r = health.evaluate();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.up() ? "UP" : "DOWN");
            body.put("components", r.components());
            return new Response(r.up() ? 200 : 503, body, Map.of());
        });
        // Kept encoded: every open page polls it, and one encoding a second serves them all.
        Overview pageOverview = new Overview(this::answerLocally, registry);
        ReusedAnswer<byte[]> overview = new ReusedAnswer<>(
                () -> {
                    try {
                        return json.writeValueAsBytes(pageOverview.build());
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("overview not encodable", e);
                    }
                },
                Duration.ofSeconds(1));
        get("/v1/overview", q -> Response.ok(overview.get()));
    }

    /** A GET route of this edge answered in-process without parameters, or null without such a route. */
    private Response answerLocally(String path) {
        Route r;
        synchronized (this) {
            r = getRoutes.get(path);
        }
        if (r == null) return null;
        try {
            return r.handle(Map.of());
        } catch (Exception e) {
            return Response.error(500, e.getMessage());
        }
    }

    /** Registers a GET route answered with JSON. Bad parameters ({@link IllegalArgumentException}) answer 400. */
    public synchronized void get(String path, Route route) {
        getRoutes.put(path, route);
        register(path, true, c -> c.routes.get(path, ctx -> writer.send(ctx, route.handle(query(ctx.queryString())))));
    }

    /** The same as {@link #get}: the name the wiring has always used. */
    public void route(String path, Route route) {
        get(path, route);
    }

    /** Registers a POST route that sees headers and body. Bad input ({@link IllegalArgumentException}) answers 400. */
    public synchronized void post(String path, RequestRoute route) {
        register(path, false, c -> c.routes.post(path, ctx -> writer.send(ctx, route.handle(request(ctx)))));
    }

    /** Registers a GET route answered with server-sent events (see {@link StreamRoute}). */
    public synchronized void sse(String path, StreamRoute route) {
        register(
                path,
                false,
                c -> c.routes.get(path, ctx -> {
                    Response refused = route.open(request(ctx), new SseStream(ctx));
                    if (refused != null) writer.send(ctx, refused);
                }));
        streamRoutes.add(route);
    }

    /**
     * Registers static files (the dashboard): {@code GET /} answers {@code files.apply("")} and
     * {@code GET prefix/<file>} answers {@code files.apply(file)}; a null answer is the uniform 404. Files, not API
     * routes, so they are not in {@link #getPaths()}.
     */
    public synchronized void files(String prefix, Function<String, Response> files) {
        register("/", false, c -> c.routes.get("/", ctx -> writer.send(ctx, orNotFound(files.apply(""), ctx))));
        register(
                prefix + "/<file>",
                false,
                c -> c.routes.get(
                        prefix + "/<file>",
                        ctx -> writer.send(ctx, orNotFound(files.apply(ctx.pathParam("file")), ctx))));
    }

    private static Response orNotFound(Response r, Context ctx) {
        return r != null ? r : Response.error(404, "no such file: " + ctx.path());
    }

    private void register(String path, boolean plainGet, Consumer<JavalinConfig> route) {
        if (app != null) throw new IllegalStateException("routes are fixed once the HTTP edge has started");
        routes.add(route);
        if (!paths.contains(path)) paths.add(path);
        if (plainGet) getPaths.add(path);
    }

    /** Every path registered (GET, POST or stream), in registration order, each once. */
    public synchronized List<String> paths() {
        return List.copyOf(paths);
    }

    /**
     * Every GET path answered with one response, sorted: lets a test ask each one for its happy path, so a new route
     * without such a case fails there instead of in production. Streams ({@link #sse}) are not in it.
     */
    public synchronized List<String> getPaths() {
        return List.copyOf(getPaths);
    }

    /** Starts serving the routes registered so far on the port bound at construction. */
    public synchronized void start() {
        if (app != null) throw new IllegalStateException("already started");
        app = Javalin.create(this::configure);
        app.start();
        LOG.info("HTTP edge listening on http://{}:{}", host, port());
    }

    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.startup.startupWatcherEnabled = false;
        c.startup.showOldJavalinVersionWarning = false;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("http-edge");
        threads.setDaemon(true);
        c.jetty.threadPool = threads;
        c.jetty.addConnector(socket::connector);
        c.jetty.modifyServer(server -> {
            server.setErrorHandler(new JettyJsonErrorHandler(writer));
            // Tracks requests in flight so that stopping waits for them (up to the stop timeout).
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(STOP_GRACE.toMillis());
        });
        c.jsonMapper(new JavalinJackson(json, false));
        // As before: exact paths, bytes as written (no gzip), a wrong method is 405 rather than 404.
        c.router.ignoreTrailingSlashes = false;
        c.http.compressionStrategy = CompressionStrategy.NONE;
        c.http.prefer405over404 = true;
        new JsonErrors(writer).install(c);
        routes.forEach(r -> r.accept(c));
    }

    public int port() {
        return socket.port();
    }

    private static Request request(Context ctx) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(ctx.headerMap());
        return new Request(ctx.method().name(), query(ctx.queryString()), headers, ctx.bodyAsBytes());
    }

    /** Longest parameter value taken; {@code symbols} lists up to 1,000 symbols of up to 64 characters. */
    static final int MAX_VALUE = 1024;

    static final int MAX_SYMBOLS_VALUE = 66_000;

    /**
     * Decodes a raw query string; a name without {@code =} maps to "", a repeated name keeps its last value. A value
     * longer than {@link #MAX_VALUE} ({@link #MAX_SYMBOLS_VALUE} for {@code symbols}) is a bad request.
     */
    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
            int max = k.equals("symbols") ? MAX_SYMBOLS_VALUE : MAX_VALUE;
            if (v.length() > max || k.length() > MAX_VALUE) {
                throw new IllegalArgumentException(
                        "parameter '" + LogText.printable(k.length() > 40 ? k.substring(0, 40) : k)
                                + "' is longer than " + max + " characters");
            }
            q.put(k, v);
        }
        return q;
    }

    @Override
    public synchronized void close() {
        // Streams never finish on their own: end them first, or stopping would wait out its grace for each one.
        for (StreamRoute r : streamRoutes) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a stream route: {}", e.toString());
            }
        }
        try {
            if (app != null) app.stop();
        } finally {
            try {
                socket.close(); // never started: the port is still ours to release
            } catch (IOException e) {
                LOG.debug("closing the HTTP socket: {}", e.toString());
            }
        }
    }
}
