package dev.ticktape.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ticktape instruments}: the instruments a running process knows, from its {@code GET /v1/instruments}
 * (the process owns its DuckDB file and its topology state, so the command asks it rather than opening them).
 */
@Command(
        name = "instruments",
        mixinStandardHelpOptions = true,
        description = "List every known instrument of a running process (its GET /v1/instruments): venue, symbol, "
                + "bar counts, first and last bar, last close, live or replayed.")
final class InstrumentsCommand implements Callable<Integer> {
    private static final String ROW = "%-12s %-14s %10s %8s %-20s %-20s %14s %-8s %s%n";

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "The HTTP edge of the running process (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--venue", description = "Only this venue.")
    String venue;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String target = url.replaceAll("/+$", "") + "/v1/instruments"
                + (venue == null ? "" : "?venue=" + URLEncoder.encode(venue, StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(target))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("no answer from " + target + " (is ticktape running there?): " + e);
            return 1;
        }
        JsonNode body = new ObjectMapper().readTree(r.body());
        if (r.statusCode() != 200) {
            spec.commandLine()
                    .getErr()
                    .println("HTTP " + r.statusCode() + ": "
                            + body.path("error").asText(r.body())
                            + (body.has("hint") ? " (" + body.path("hint").asText() + ")" : ""));
            return 1;
        }
        print(body, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** One line per instrument, as the endpoint orders them (venue, symbol). */
    static void print(JsonNode body, PrintWriter out) {
        out.printf(
                ROW, "VENUE", "SYMBOL", "BARS_1S", "BARS_1M", "FIRST_BAR", "LAST_BAR", "LAST_CLOSE", "MODE", "STATE");
        for (JsonNode i : body.path("instruments")) {
            out.printf(
                    ROW,
                    i.path("venue").asText(),
                    i.path("symbol").asText(),
                    i.path("bars_1s").asLong(),
                    i.path("bars_1m").asLong(),
                    text(i.path("first_bar")),
                    text(i.path("last_bar")),
                    i.path("last_close").isNull() ? "-" : i.path("last_close").asText(),
                    i.path("mode").asText(),
                    i.path("in_state").asBoolean() ? "yes" : "no");
        }
        out.printf(
                "%d instrument(s)%s%n",
                body.path("count").asInt(),
                body.path("complete").asBoolean(true) ? "" : " (topology state not readable everywhere: may be more)");
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }
}
