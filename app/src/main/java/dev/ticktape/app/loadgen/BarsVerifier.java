package dev.ticktape.app.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
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
 * volume within 1e-9 relative (sums of doubles). A bar revised by late trades is stored once, as its highest
 * revision, which must equal the aggregate of everything sent for it; revised bars are counted. When the
 * comparison fails, the platform's late counters ({@code GET /metrics}) say whether trades or 1s bars went to
 * {@code md.late} during the run (beyond {@code --allowed-lateness}), the one way accepted data is not in a bar.
 */
public final class BarsVerifier {
    /** Totals on one side of the comparison. */
    public record Totals(long bars, long trades, double volume) {}

    /**
     * Outcome of one comparison round: {@code missing} bars sent but not stored, {@code differing} stored with
     * other values, {@code extra} stored but never sent, {@code revised} stored bars with a revision above 0.
     */
    public record Result(
            Totals sent,
            Totals stored,
            List<String> mismatches,
            long missing,
            long differing,
            long extra,
            long revised) {
        public Result(Totals sent, Totals stored, List<String> mismatches) {
            this(sent, stored, mismatches, 0, 0, 0, 0);
        }

        public boolean equal() {
            return mismatches.isEmpty();
        }
    }

    /**
     * The platform's counters of data sent to {@code md.late}: trades beyond the allowed lateness and 1s bars
     * that arrived after their minute closed (NaN when the process does not expose them).
     */
    public record Late(double trades, double secondBars) {
        /** What happened between {@code before} and this reading. */
        public Late minus(Late before) {
            return new Late(trades - before.trades, secondBars - before.secondBars);
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
        long sb = 0, st = 0, xb = 0, xt = 0, missing = 0, differing = 0, unsent = 0, revised = 0;
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
                    missing++;
                    mismatches.add(e.getKey() + " @" + w.getKey() + ": missing");
                    continue;
                }
                if (g.path("revision").asLong() > 0) revised++;
                xb++;
                xt += g.path("trades").asLong();
                xv += g.path("volume").asDouble();
                String diff = diff(a, g);
                if (diff != null) {
                    differing++;
                    mismatches.add(e.getKey() + " @" + w.getKey() + ": " + diff);
                }
            }
            for (Map.Entry<Long, JsonNode> extra : got.entrySet()) {
                xb++;
                xt += extra.getValue().path("trades").asLong();
                xv += extra.getValue().path("volume").asDouble();
                unsent++;
                mismatches.add(e.getKey() + " @" + extra.getKey() + ": stored but never sent");
            }
        }
        return new Result(
                new Totals(sb, st, sv), new Totals(xb, xt, xv), mismatches, missing, differing, unsent, revised);
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

    /**
     * The stored 1s bars of {@code symbol}, following {@code next} until the last page. An instrument the store does
     * not know yet (404 {@code unknown_instrument}: none of its bars is stored) has no bars so far.
     */
    private Map<Long, JsonNode> fetch(String symbol, long from, long to) throws IOException, InterruptedException {
        String first = baseUrl + "/v1/bars?source=db&interval=1s&limit=1000000&venue=" + enc(venue) + "&symbol="
                + enc(symbol) + "&from=" + from + "&to=" + to;
        Map<Long, JsonNode> out = new TreeMap<>();
        String cursor = null;
        do {
            String url = cursor == null ? first : first + "&cursor=" + enc(cursor);
            HttpResponse<byte[]> resp = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = json.readTree(resp.body());
            if (resp.statusCode() == 404
                    && "unknown_instrument".equals(body.path("code").asText())) return out;
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + resp.statusCode() + ": "
                        + new String(resp.body(), StandardCharsets.UTF_8));
            }
            for (JsonNode b : body.path("bars")) out.put(b.path("ts_ms").asLong(), b);
            JsonNode next = body.path("next");
            cursor = body.path("truncated").asBoolean() && next.isTextual() ? cursorOf(next.asText()) : null;
        } while (cursor != null);
        return out;
    }

    /** {@code next} is either the bare cursor or a URL carrying it as {@code cursor=}. */
    private static String cursorOf(String next) {
        int at = next.indexOf("cursor=");
        if (at < 0) return next;
        int end = next.indexOf('&', at);
        String raw = next.substring(at + "cursor=".length(), end < 0 ? next.length() : end);
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** Reads the late counters from the process's {@code /metrics}; NaN for a counter it does not expose. */
    public Late late() {
        double trades = Double.NaN, bars = Double.NaN;
        try {
            HttpResponse<String> resp = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) return new Late(trades, bars);
            for (String line : resp.body().split("\n")) {
                if (line.startsWith("ticktape_trades_late_total")) trades = value(line);
                if (line.startsWith("ticktape_bars_late_total"))
                    bars = Double.isNaN(bars) ? value(line) : bars + value(line);
            }
        } catch (IOException e) {
            // the counters only explain a failure; without them the comparison still stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Late(trades, bars);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The likely cause of a mismatch, from the late counters. */
    static String why(Late late) {
        if (late == null || Double.isNaN(late.trades())) {
            return "why: unknown (the late counters were not readable from /metrics)";
        }
        long trades = (long) late.trades();
        long bars = Double.isNaN(late.secondBars()) ? 0 : (long) late.secondBars();
        if (trades > 0 || bars > 0) {
            return String.format(
                    Locale.ROOT,
                    "why: %d trades went to md.late during this run (older than --allowed-lateness behind the newest "
                            + "trade of their partition, ticktape_trades_late_total) and %d 1s bars arrived after "
                            + "their minute closed (ticktape_bars_late_total); raise --allowed-lateness on the "
                            + "platform, or send less than it can keep up with",
                    trades,
                    bars);
        }
        return "why: no trade or 1s bar went to md.late during this run (ticktape_trades_late_total, "
                + "ticktape_bars_late_total unchanged): the bars were not stored within --wait-seconds, or a "
                + "value differs";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static void print(PrintStream out, LoadGenerator.Sent sent, Result r) {
        print(out, sent, r, null);
    }

    /** Prints the comparison; {@code late}: the late counters' growth during the run, or null if unknown. */
    public static void print(PrintStream out, LoadGenerator.Sent sent, Result r, Late late) {
        double secs = Math.max(1, sent.endMs() - sent.startMs()) / 1000.0;
        out.printf(
                Locale.ROOT,
                "sent %d lines in %.1f s (%.0f lines/s): %d trades, %d ohlc1s bars%n",
                sent.lines(),
                secs,
                sent.lines() / secs,
                sent.trades(),
                sent.bars());
        if (sent.inDoubt() > 0 || sent.reconnects() > 0) {
            out.printf(
                    Locale.ROOT,
                    "connection lost and made again %d times: %d lines were in writes that failed and are not counted"
                            + " as sent (the gateway may have taken some; a line cut mid-write is dead-lettered as "
                            + "invalid_json), so bars of those seconds may differ%n",
                    sent.reconnects(),
                    sent.inDoubt());
        }
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
            out.printf(
                    Locale.ROOT,
                    "OK: every sent bar is persisted with identical values (%d of them revised by late trades; the "
                            + "stored row is the highest revision)%n",
                    r.revised());
        } else {
            out.printf(
                    Locale.ROOT,
                    "MISMATCH: %d bars differ (%d missing, %d with other values, %d stored but never sent); "
                            + "first ones:%n",
                    r.mismatches().size(),
                    r.missing(),
                    r.differing(),
                    r.extra());
            r.mismatches().stream().limit(10).forEach(m -> out.println("  " + m));
            out.println(why(late));
        }
    }
}
