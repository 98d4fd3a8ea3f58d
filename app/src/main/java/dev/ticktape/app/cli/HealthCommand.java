package dev.ticktape.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ticktape health}: asks a running process's HTTP edge for {@code GET /health}. The container image's
 * health check: the JRE base image is not promised to carry curl or wget, and this needs nothing but the jar.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = "Ask a running ticktape process for GET /health; exit 0 when it answers 200, 1 otherwise "
                + "(503, refused, timed out). Used as the container health check.")
final class HealthCommand implements Callable<Integer> {
    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Host to ask (default ${DEFAULT-VALUE}; not TICKTAPE_HTTP_HOST, which is a bind address).")
    String host;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "${env:TICKTAPE_HTTP_PORT:-8080}",
            description = "HTTP edge port (env TICKTAPE_HTTP_PORT, as the service itself reads it; "
                    + "default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Give up after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        URI uri = URI.create("http://" + host + ":" + port + "/health");
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            // The body names the part that is down; the container runtime keeps it in the health log.
            System.out.println(r.statusCode() + " " + r.body());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (IOException e) {
            System.out.println("unreachable: " + uri + " (" + e + ")");
            return 1;
        }
    }
}
