package dev.ticktape.app.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a query on to the instance that owns the key and relays its answer. A forwarded request carries
 * {@code _forwarded=1}; an instance that receives one for a key it does not own answers 503 instead of forwarding
 * again (ownership is moving: the caller retries).
 */
public final class Forwarder {
    static final String MARK = "_forwarded";
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static boolean forwarded(Map<String, String> query) {
        return query.containsKey(MARK);
    }

    HttpEdge.Response forward(String host, int port, String path, Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        Map<String, String> params = new TreeMap<>(query);
        params.put(MARK, "1");
        params.forEach((k, v) ->
                q.append(q.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        URI uri = URI.create("http://" + host + ":" + port + path + "?" + q);
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = r.headers()
                    .firstValue("Retry-After")
                    .map(v -> Map.of("Retry-After", v))
                    .orElse(Map.of());
            return new HttpEdge.Response(r.statusCode(), r.body(), headers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while asking " + host + ":" + port);
        } catch (IOException e) {
            return unavailable("owner " + host + ":" + port + " did not answer: " + e);
        }
    }

    static HttpEdge.Response unavailable(String reason) {
        return HttpEdge.Response.error(503, reason).withHeader("Retry-After", "1");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
