package dev.ticktape.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/** Polls the platform's HTTP API until an answer holds what a test waits for. */
final class HttpJson {
    private static final Duration POLL = Duration.ofMillis(100);
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    HttpJson(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    /**
     * GETs {@code path} every 100 ms until {@code extract} returns non-null from a 200 answer (other answers, such as
     * 503 while the topology rebalances or 404 for an instrument not stored yet, mean "not yet").
     *
     * @throws AssertionError after {@code timeout}, naming {@code what} and the last answer
     */
    <T> T await(String path, Duration timeout, Function<JsonNode, T> extract, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<byte[]> r = client.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                last = r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
                if (r.statusCode() == 200) {
                    T v = extract.apply(json.readTree(r.body()));
                    if (v != null) return v;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms; last answer to GET "
                        + path + ": " + abbreviate(last));
            }
            // Polling another component over HTTP: there is nothing to wait on but time.
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }
}
