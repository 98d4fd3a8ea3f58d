package dev.ticktape.adapters.binance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking GETs against the Binance REST API, paced by the venue's own accounting: the
 * {@code X-MBX-USED-WEIGHT-1M} header of the last answer (near the budget: wait for the next minute) and
 * {@code Retry-After} on 429/418. Call from a dedicated thread, never from a socket thread.
 */
final class BinanceRest {
    private static final Logger log = LoggerFactory.getLogger(BinanceRest.class);
    private static final int MAX_ATTEMPTS = 5;
    /** Stop at 90% of the budget: other clients on the same IP share it. */
    private static final double HEADROOM = 0.9;

    private final String baseUrl;
    private final HttpClient http;
    private final int weightPerMinute;
    private long usedWeight;
    private long usedWeightAtMs;

    BinanceRest(String baseUrl, int weightPerMinute) {
        this.baseUrl = baseUrl;
        this.weightPerMinute = weightPerMinute;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The body of a 200 answer to {@code path?params}. */
    synchronized byte[] get(String path, Map<String, String> params) throws IOException, InterruptedException {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path + "?" + q))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        for (int attempt = 1; ; attempt++) {
            pace();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            resp.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(this::recordWeight);
            int code = resp.statusCode();
            if (code == 200) return resp.body();
            if ((code == 429 || code == 418) && attempt < MAX_ATTEMPTS) {
                long waitS = resp.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElse(1L);
                log.warn("binance REST {} on {}, retrying in {} s", code, path, waitS);
                Thread.sleep(waitS * 1000);
                continue;
            }
            throw new IOException("binance REST " + path + " answered " + code + ": "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
    }

    private void recordWeight(String header) {
        try {
            usedWeight = Long.parseLong(header.trim());
            usedWeightAtMs = System.currentTimeMillis();
        } catch (NumberFormatException ignored) {
            // a malformed header only disables pacing for this answer
        }
    }

    private void pace() throws InterruptedException {
        if (usedWeight < weightPerMinute * HEADROOM) return;
        long minuteEnd = (usedWeightAtMs / 60_000 + 1) * 60_000;
        long wait = minuteEnd - System.currentTimeMillis();
        if (wait > 0) {
            log.info("binance REST weight {} of {} used, pausing {} ms", usedWeight, weightPerMinute, wait);
            Thread.sleep(wait);
        }
        usedWeight = 0;
    }
}
