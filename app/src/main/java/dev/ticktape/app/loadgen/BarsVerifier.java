package dev.ticktape.app.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares what the load generator sent with what the platform stored, through the running process's
 * {@code GET /v1/bars} (the DuckDB file belongs to that process). OHLC and trade counts must match exactly;
 * volume within 1e-9 relative (sums of doubles).
 */
public final class BarsVerifier {
    /** Totals on one side of the comparison. */
    public record Totals(long bars, long trades, double volume) {}

    /** Outcome of one comparison round. */
    public record Result(Totals sent, Totals stored, List<String> mismatches) {
        public boolean equal() {
            return mismatches.isEmpty();
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String venue;

    public BarsVerifier(String baseUrl, String venue) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.venue = venue;
    }

    /** Polls until the stored bars equal the expected ones or the deadline passes; returns the last comparison. */
    public Result awaitEqual(LoadGenerator gen, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Result r;
        do {
            r = compare(gen.expected());
            if (r.equal()) return r;
            Thread.sleep(500); // polling a remote process: nothing to wait on but time
        } while (System.nanoTime() < deadline);
        return r;
    }

    Result compare(ExpectedBars expected) throws IOException, InterruptedException {
        long sb = 0, st = 0, xb = 0, xt = 0;
        double sv = 0, xv = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, ExpectedBars.Agg>> e : new TreeMap<>(expected.bySymbol()).entrySet()) {
            TreeMap<Long, ExpectedBars.Agg> want = e.getValue();
            if (want.isEmpty()) continue;
            Map<Long, JsonNode> got = fetch(e.getKey(), want.firstKey(), want.lastKey() + 1000);
            for (Map.Entry<Long, ExpectedBars.Agg> w : want.entrySet()) {
                ExpectedBars.Agg a = w.getValue();
                sb++;
                st += a.trades;
                sv += a.volume;
                JsonNode g = got.remove(w.getKey());
                if (g == null) {
                    mismatches.add(e.getKey() + " @" + w.getKey() + ": missing");
                    continue;
                }
                xb++;
                xt += g.path("trades").asLong();
                xv += g.path("volume").asDouble();
                String diff = diff(a, g);
                if (diff != null) mismatches.add(e.getKey() + " @" + w.getKey() + ": " + diff);
            }
            for (Map.Entry<Long, JsonNode> extra : got.entrySet()) {
                xb++;
                xt += extra.getValue().path("trades").asLong();
                xv += extra.getValue().path("volume").asDouble();
                mismatches.add(e.getKey() + " @" + extra.getKey() + ": stored but never sent");
            }
        }
        return new Result(new Totals(sb, st, sv), new Totals(xb, xt, xv), mismatches);
    }

    private static String diff(ExpectedBars.Agg a, JsonNode g) {
        StringBuilder d = new StringBuilder();
        cmp(d, "open", a.open, g.path("open").asDouble(), 0);
        cmp(d, "high", a.high, g.path("high").asDouble(), 0);
        cmp(d, "low", a.low, g.path("low").asDouble(), 0);
        cmp(d, "close", a.close, g.path("close").asDouble(), 0);
        cmp(d, "volume", a.volume, g.path("volume").asDouble(), 1e-9);
        if (a.trades != g.path("trades").asLong()) {
            d.append(String.format(
                    Locale.ROOT,
                    " trades sent=%d stored=%d",
                    a.trades,
                    g.path("trades").asLong()));
        }
        return d.length() == 0 ? null : d.toString().trim();
    }

    private static void cmp(StringBuilder d, String f, double want, double got, double rel) {
        if (Math.abs(want - got) > rel * Math.max(Math.abs(want), 1e-12)) {
            d.append(' ')
                    .append(f)
                    .append(" sent=")
                    .append(want)
                    .append(" stored=")
                    .append(got);
        }
    }

    private Map<Long, JsonNode> fetch(String symbol, long from, long to) throws IOException, InterruptedException {
        String url = baseUrl + "/v1/bars?source=db&interval=1s&limit=1000000&venue=" + enc(venue) + "&symbol="
                + enc(symbol) + "&from=" + from + "&to=" + to;
        HttpResponse<byte[]> resp = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + resp.statusCode() + ": "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
        Map<Long, JsonNode> out = new TreeMap<>();
        for (JsonNode b : json.readTree(resp.body()).path("bars"))
            out.put(b.path("ts_ms").asLong(), b);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static void print(PrintStream out, LoadGenerator.Sent sent, Result r) {
        double secs = Math.max(1, sent.endMs() - sent.startMs()) / 1000.0;
        out.printf(
                Locale.ROOT,
                "sent %d lines in %.1f s (%.0f lines/s): %d trades, %d ohlc1s bars%n",
                sent.lines(),
                secs,
                sent.lines() / secs,
                sent.trades(),
                sent.bars());
        out.printf(Locale.ROOT, "%-10s %10s %12s %18s%n", "", "bars", "trades", "volume");
        out.printf(
                Locale.ROOT,
                "%-10s %10d %12d %18.6f%n",
                "sent",
                r.sent().bars(),
                r.sent().trades(),
                r.sent().volume());
        out.printf(
                Locale.ROOT,
                "%-10s %10d %12d %18.6f%n",
                "persisted",
                r.stored().bars(),
                r.stored().trades(),
                r.stored().volume());
        if (r.equal()) {
            out.println("OK: every sent bar is persisted with identical values");
        } else {
            out.printf(
                    Locale.ROOT,
                    "MISMATCH: %d bars differ; first ones:%n",
                    r.mismatches().size());
            r.mismatches().stream().limit(10).forEach(m -> out.println("  " + m));
        }
    }
}
