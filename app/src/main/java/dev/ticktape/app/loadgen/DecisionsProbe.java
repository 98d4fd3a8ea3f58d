package dev.ticktape.app.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ticktape loadgen --check-decisions}: while the platform runs, asks its read-only SQL endpoint how many
 * decisions are stored, the latest action per instrument, and whether every stored decision has its completed 1s
 * bar (decisions are taken per completed bar, never intrabar). Decisions of the last 5 s are left out of the bar
 * check: their bar may still be on its way to the store.
 */
public final class DecisionsProbe {
    /** What the probe found. */
    public record Result(long actions, long states, long runs, long withoutBar, int instruments) {
        public boolean ok() {
            return actions > 0 && withoutBar == 0;
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String token;

    /** @param token the API token ({@code TICKTAPE_API_TOKEN}) when the process has one, else null */
    public DecisionsProbe(String httpBase, String token) {
        this.base = httpBase;
        this.token = token;
    }

    public Result run(PrintStream out) throws IOException, InterruptedException {
        JsonNode counts = sql("SELECT (SELECT count(*) FROM stream_actions) AS actions, "
                        + "(SELECT count(*) FROM stream_state) AS states, "
                        + "(SELECT count(DISTINCT run_id) FROM stream_actions) AS runs, "
                        + "(SELECT count(*) FROM stream_actions a WHERE a.ingested_at < (now() AT TIME ZONE 'UTC')::TIMESTAMP - INTERVAL 5 SECOND "
                        + "AND NOT EXISTS (SELECT 1 FROM ohlc_1s b WHERE b.venue = a.venue AND b.symbol = a.symbol "
                        + "AND b.\"timestamp\" = a.\"timestamp\")) AS without_bar")
                .get(0);
        JsonNode latest = sql("SELECT venue, symbol, \"timestamp\", state, target_exposure, posture, reason "
                + "FROM stream_actions_latest ORDER BY venue, symbol");
        Result r = new Result(
                counts.path(0).asLong(),
                counts.path(1).asLong(),
                counts.path(2).asLong(),
                counts.path(3).asLong(),
                latest.size());
        out.printf(
                Locale.ROOT,
                "decisions: %,d rows in stream_actions, %,d in stream_state (%d run ids)%n",
                r.actions(),
                r.states(),
                r.runs());
        out.printf(Locale.ROOT, "latest per instrument (stream_actions_latest, %d):%n", r.instruments());
        for (JsonNode row : latest) {
            out.printf(
                    Locale.ROOT,
                    "  %-10s %-14s %s state %+d target %+.2f %-7s %s%n",
                    row.path(0).asText(),
                    row.path(1).asText(),
                    row.path(2).asText(),
                    row.path(3).asInt(),
                    row.path(4).asDouble(),
                    row.path(5).asText(),
                    row.path(6).asText());
        }
        out.printf(
                Locale.ROOT,
                "every decision has its completed 1s bar: %s (%d without one)%n",
                r.withoutBar() == 0 ? "OK" : "NO",
                r.withoutBar());
        if (r.actions() == 0) out.println("no decisions stored: is the platform running with --emit-decisions?");
        return r;
    }

    /** The rows of {@code query}, each an array of values in column order. */
    private JsonNode sql(String query) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/v1/sql"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("sql", query))));
        if (token != null && !token.isEmpty()) req.header("Authorization", "Bearer " + token);
        HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = json.readTree(resp.body());
        if (resp.statusCode() != 200) {
            throw new IOException("POST /v1/sql answered " + resp.statusCode() + ": "
                    + body.path("error").asText());
        }
        return body.path("rows");
    }
}
