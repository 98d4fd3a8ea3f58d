package dev.ticktape.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.persistence.duckdb.DuckDbExport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write a table as Hive-partitioned Parquet or CSV (OUT/<table>/venue=<v>/date=<YYYY-MM-DD>/"
                + "part-0.parquet; broker=<b> for greek_snapshots and executions) for pandas, polars, DuckDB, Spark. "
                + "Asks the running process at --url first (it owns the DuckDB file; OUT is on its machine), else "
                + "opens the DuckDB file of a stopped instance read-only.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    SinkOptions sink;

    @Option(
            names = "--table",
            required = true,
            description = "ohlc_1s, ohlc_1m, ohlc_5m, greek_snapshots, executions, quotient_summaries, "
                    + "intraday_features or feed_status.")
    String table;

    @Option(
            names = "--from",
            description = "First instant (2026-01-02T00:00:00Z) or UTC date (2026-01-02) to include; default all.")
    String from;

    @Option(names = "--to", description = "End, exclusive for an instant; a date includes that whole day; default all.")
    String to;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(
            names = "--url",
            defaultValue = "${env:TICKTAPE_URL:-http://127.0.0.1:8080}",
            description = "HTTP edge of the running process that owns the DuckDB file (default ${DEFAULT-VALUE}).")
    String url;

    @Option(
            names = "--via",
            defaultValue = "auto",
            description = "auto (the running process, else the file), http (only the process), file (only the file "
                    + "of a stopped instance); default ${DEFAULT-VALUE}.")
    String via;

    private final PrintStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        // Checked here as well, so bad flags fail before anything is contacted.
        DuckDbExport.Request request = DuckDbExport.Request.parse(
                table, from, to, format, out.toAbsolutePath().toString());
        if (!via.equals("auto") && !via.equals("http") && !via.equals("file")) {
            throw new IllegalArgumentException("--via takes auto, http or file, got " + via);
        }
        Path file = sink.spec(data.dataDir()).duckDbFile();
        if (!via.equals("file")) {
            try {
                return overHttp(request);
            } catch (ConnectException e) {
                if (via.equals("http")) throw new IllegalStateException("no ticktape HTTP edge answers at " + url, e);
            }
        }
        DuckDbExport.Result r;
        try {
            r = DuckDbExport.exportFile(file, request);
        } catch (DuckDbExport.FileLockedException e) {
            throw new IllegalStateException(
                    e.getMessage() + " and no ticktape HTTP edge answers at " + url
                            + "; pass --url with that process's HTTP address",
                    e);
        }
        stdout.printf(
                "exported %d rows of %s to %s (%d files) from %s%n",
                r.rows(), r.table(), r.dir(), r.files().size(), file.toAbsolutePath());
        return 0;
    }

    /** Asks the running process; the directory is resolved here, since client and server share the machine. */
    private int overHttp(DuckDbExport.Request request) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", table);
        body.put("from", from);
        body.put("to", to);
        body.put("format", format);
        body.put("out", request.out().toString());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/v1/export"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        String token = System.getenv("TICKTAPE_API_TOKEN");
        if (token != null && !token.isEmpty()) post.header("Authorization", "Bearer " + token);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> res = client.send(post.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(res.body());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + res.statusCode() + ": "
                    + answer.path("error").asText(res.body()));
        }
        stdout.printf(
                "exported %d rows of %s to %s (%d files) through %s%n",
                answer.path("rows").asLong(),
                answer.path("table").asText(),
                answer.path("dir").asText(),
                answer.path("files").size(),
                url);
        return 0;
    }
}
