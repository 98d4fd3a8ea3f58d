package dev.ticktape.adapters.polygon;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking GETs against the Polygon REST API. The key travels in the {@code Authorization: Bearer} header (as the
 * official client sends it), never in a URL, so URLs can be logged. HTTP 429 is retried after
 * {@code Retry-After} (or 1 s). Call from a dedicated thread, never from a socket thread.
 */
final class PolygonRest {
    private static final Logger log = LoggerFactory.getLogger(PolygonRest.class);
    private static final int MAX_ATTEMPTS = 5;

    private final String baseUrl;
    private final String apiKey;
    private final PolygonPlanLimit planLimit;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PolygonRest(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, PolygonPlanLimit.UNLIMITED);
    }

    /** Every request, retries included, first takes a slot of {@code planLimit}. */
    PolygonRest(String baseUrl, String apiKey, PolygonPlanLimit planLimit) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.planLimit = planLimit;
    }

    /**
     * The body of a 200 answer to {@code pathAndQuery} on the configured host. A {@code next_url} is passed as its
     * path and query only, so the key is never sent to a host named by a response.
     */
    byte[] get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build();
        for (int attempt = 1; ; attempt++) {
            planLimit.acquire();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            int code = resp.statusCode();
            if (code == 200) return resp.body();
            if (code == 401 || code == 403) throw new KeyRefused(pathOnly(pathAndQuery) + " answered " + code);
            if (code == 429 && attempt < MAX_ATTEMPTS) {
                long waitS = resp.headers()
                        .firstValue("Retry-After")
                        .map(PolygonRest::seconds)
                        .orElse(1L);
                log.warn("polygon REST 429 on {}, retrying in {} s", pathOnly(pathAndQuery), waitS);
                Thread.sleep(waitS * 1000); // dedicated REST thread: waiting here paces the whole gap-fill
                continue;
            }
            throw new IOException("polygon REST " + pathOnly(pathAndQuery) + " answered " + code + ": "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
    }

    /** The venue refused the key (401/403): retrying cannot help. */
    static final class KeyRefused extends IOException {
        KeyRefused(String message) {
            super("polygon REST " + message + ": key refused");
        }
    }

    /** Path and query of an absolute {@code next_url}. */
    static String relative(String url) {
        URI u = URI.create(url);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static long seconds(String header) {
        try {
            return Math.max(1, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
