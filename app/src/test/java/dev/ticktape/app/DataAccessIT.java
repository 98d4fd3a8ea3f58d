package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.cli.TicktapeCommand;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.broker.SharedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways into the DuckDB file of a running process, on real parts: trades over the gateway become bars in the
 * file; {@code POST /v1/sql} answers JSON, CSV and Parquet, refuses every kind of write and file access, cuts at the
 * row limit and stops at its timeout; {@code ticktape export} writes Hive-partitioned Parquet through the running
 * process and, once it stopped, from the file itself. The oracles are the tape (trades sent) and plain SQL over the
 * stored table, read back with a separate DuckDB.
 */
@ExtendWith(SharedKafkaBroker.class)
class DataAccessIT {
    private static final int TRADES = 20_000;
    private static final int SYMBOLS = 10;
    private static final String VENUE = "dx";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sqlAndExportWhileRunningAndStopped(@TempDir Path dir) throws Exception {
        // Four minutes around a UTC midnight: two days of partitions.
        long base = Instant.parse("2025-01-02T23:58:00Z").toEpochMilli();
        TradeReplay tape = new TradeReplay(TRADES, SYMBOLS, base, 240_000, 100, 11);
        Path db = dir.resolve("ticktape.duckdb");
        Path viaHttp = dir.resolve("export-http");
        long stored1s;
        try (Platform p = Platform.start(TestPlatforms.all(dir))) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            tape.send(p.gatewayPort(), VENUE, 0, TRADES);
            try (Connection c = p.database().orElseThrow().openReader()) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1s", VENUE) >= TRADES);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> TradeReplay.storedTrades(c, "ohlc_1m", VENUE) >= TRADES);
                stored1s = count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = '" + VENUE + "'");
                String edge = "http://127.0.0.1:" + p.httpPort();

                jsonAnswersWithCtes(edge, stored1s);
                csvAndParquetAnswers(edge, c, dir, stored1s);
                writesAndFileAccessAreRefused(edge, c, dir, stored1s);
                limitCutsAndSaysSo(edge, stored1s);
                timeoutStopsALongQuery(edge);

                int code = TicktapeCommand.commandLine()
                        .execute(
                                "export",
                                "--table",
                                "ohlc_1s",
                                "--out",
                                viaHttp.toString(),
                                "--url",
                                edge,
                                "--via",
                                "http");
                assertThat(code).isZero();

                // While it runs, another process cannot open the file: one line says why and what to do.
                try (ChildProcess child = ChildProcess.start(
                        "export-locked",
                        "export",
                        "--table",
                        "ohlc_1s",
                        "--out",
                        dir.resolve("x").toString(),
                        "--duckdb",
                        db.toString(),
                        "--url",
                        "http://127.0.0.1:1")) {
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> !child.alive());
                    assertThat(child.exitValue()).isEqualTo(2);
                    assertThat(child.output())
                            .contains("ticktape export: " + db + " is held by a running process")
                            .contains("no ticktape HTTP edge answers at http://127.0.0.1:1");
                }
            }
        }
        // Stopped: the same export straight from the file, as a separate process like a user's shell (this JVM's
        // DuckDB driver keeps the database it had open); nothing answers on port 1, so auto falls back to the file.
        Path viaFile = dir.resolve("export-file");
        exportProcess(
                "ohlc_1s",
                "export",
                "--table",
                "ohlc_1s",
                "--out",
                viaFile.toString(),
                "--duckdb",
                db.toString(),
                "--url",
                "http://127.0.0.1:1");
        exportProcess(
                "ohlc_1m",
                "export",
                "--table",
                "ohlc_1m",
                "--from",
                "2025-01-03",
                "--out",
                viaFile.toString(),
                "--duckdb",
                db.toString(),
                "--via",
                "file");

        assertThat(viaHttp.resolve("ohlc_1s/venue=dx/date=2025-01-02/part-0.parquet"))
                .isRegularFile();
        assertThat(viaHttp.resolve("ohlc_1s/venue=dx/date=2025-01-03/part-0.parquet"))
                .isRegularFile();
        try (Connection check = DriverManager.getConnection("jdbc:duckdb:")) {
            exec(check, "ATTACH '" + db + "' AS t (READ_ONLY)");
            for (Path out : List.of(viaHttp, viaFile)) sameRows(check, "ohlc_1s", out, "TRUE", stored1s);
            // The 1m export was of one day only.
            sameRows(check, "ohlc_1m", viaFile, "\"timestamp\" >= TIMESTAMP '2025-01-03 00:00:00'", -1);
            assertThat(viaFile.resolve("ohlc_1m/venue=dx/date=2025-01-02")).doesNotExist();
        }
    }

    /** Runs {@code ticktape export} as its own JVM; returns its output once it exited 0. */
    private static String exportProcess(String name, String... args) throws Exception {
        try (ChildProcess child = ChildProcess.start("export-" + name, args)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !child.alive());
            assertThat(child.exitValue()).as(child.output()).isZero();
            return child.output();
        }
    }

    private void jsonAnswersWithCtes(String url, long stored) throws Exception {
        HttpResponse<String> r = sql(
                url,
                "WITH per AS (SELECT symbol, sum(trades) AS n FROM ohlc_1s WHERE venue = 'dx' GROUP BY symbol) "
                        + "SELECT count(*) AS symbols, sum(n) AS trades FROM per",
                "application/json",
                "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json.readTree(r.body());
        assertThat(body.at("/columns/0/name").asText()).isEqualTo("symbols");
        assertThat(body.at("/rows/0/0").asLong()).isEqualTo(SYMBOLS);
        assertThat(body.at("/rows/0/1").asLong()).isEqualTo(TRADES);
        assertThat(body.get("truncated").asBoolean()).isFalse();

        // The JSON body form, with timestamps as ISO text.
        HttpResponse<String> r2 = post(
                url + "/v1/sql",
                "{\"sql\": \"SELECT min(\\\"timestamp\\\") AS first FROM ohlc_1s WHERE venue = 'dx'\"}",
                "application/json",
                "application/json");
        assertThat(r2.statusCode()).as(r2.body()).isEqualTo(200);
        assertThat(json.readTree(r2.body()).at("/rows/0/0").asText()).isEqualTo("2025-01-02T23:58");
    }

    private void csvAndParquetAnswers(String url, Connection c, Path dir, long stored) throws Exception {
        String q = "SELECT symbol, \"timestamp\", close, trades FROM ohlc_1s WHERE venue = 'dx' "
                + "ORDER BY symbol, \"timestamp\" LIMIT 5";
        HttpResponse<String> csv = sql(url, q, "text/csv", "");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> expected = new ArrayList<>();
        expected.add("symbol,timestamp,close,trades");
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(q)) {
            while (rs.next()) {
                expected.add(rs.getString(1) + ","
                        + SECONDS.format(rs.getTimestamp(2).toLocalDateTime()) + "," + rs.getDouble(3)
                        + "," + rs.getLong(4));
            }
        }
        assertThat(csv.body().strip().lines().toList()).hasSize(6);
        // DuckDB prints whole seconds without fractions and doubles in shortest form: compare field by field.
        List<String> got = csv.body().strip().lines().toList();
        for (int i = 1; i < 6; i++) {
            String[] g = got.get(i).split(",");
            String[] e = expected.get(i).split(",");
            assertThat(g[0]).isEqualTo(e[0]);
            assertThat(g[1]).startsWith(e[1]);
            assertThat(Double.parseDouble(g[2])).isEqualTo(Double.parseDouble(e[2]));
            assertThat(g[3]).isEqualTo(e[3]);
        }

        HttpResponse<byte[]> parquet = http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/sql"))
                        .header("Accept", "application/vnd.apache.parquet")
                        .POST(HttpRequest.BodyPublishers.ofString("SELECT * FROM ohlc_1s WHERE venue = 'dx'"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(parquet.statusCode()).isEqualTo(200);
        assertThat(parquet.headers().firstValue("X-Ticktape-Truncated")).contains("false");
        Path file = dir.resolve("answer.parquet");
        Files.write(file, parquet.body());
        try (Connection other = DriverManager.getConnection("jdbc:duckdb:")) {
            assertThat(count(other, "SELECT count(*) FROM read_parquet('" + file + "')"))
                    .isEqualTo(stored);
            assertThat(count(other, "SELECT sum(trades) FROM read_parquet('" + file + "')"))
                    .isEqualTo(TRADES);
        }

        HttpResponse<String> arrow = sql(url, "SELECT 1", "application/vnd.apache.arrow.stream", "");
        assertThat(arrow.statusCode()).isEqualTo(406);
        assertThat(json.readTree(arrow.body()).get("status").asInt()).isEqualTo(406);
    }

    private void writesAndFileAccessAreRefused(String url, Connection c, Path dir, long stored) throws Exception {
        Path outside = dir.resolve("leak.csv");
        List<String> refused = List.of(
                "INSERT INTO ohlc_1s SELECT * FROM ohlc_1s LIMIT 1",
                "UPDATE ohlc_1s SET close = 0",
                "DELETE FROM ohlc_1s",
                "CREATE TABLE evil AS SELECT 1",
                "DROP TABLE ohlc_1s",
                "COPY ohlc_1s TO '" + outside + "'",
                "ATTACH '" + dir.resolve("other.duckdb") + "' AS other",
                "INSTALL httpfs",
                "LOAD httpfs",
                "SET threads = 4",
                "CHECKPOINT",
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('/etc/hostname')",
                "SELECT * FROM glob('/*')",
                "SELECT 1; DELETE FROM ohlc_1s",
                "COMMIT; DELETE FROM ohlc_1s; SELECT 1",
                "CREATE SEQUENCE s; SELECT nextval('s')");
        for (String q : refused) {
            for (String accept : List.of("application/json", "text/csv")) {
                HttpResponse<String> r = sql(url, q, accept, "");
                assertThat(r.statusCode()).as(q + " -> " + r.body()).isEqualTo(400);
                assertThat(json.readTree(r.body()).get("error").asText()).isNotBlank();
            }
        }
        assertThat(count(c, "SELECT count(*) FROM ohlc_1s WHERE venue = 'dx'")).isEqualTo(stored);
        assertThat(count(c, "SELECT min(close) FROM ohlc_1s WHERE venue = 'dx'"))
                .isPositive();
        assertThat(count(c, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'evil'"))
                .isZero();
        assertThat(count(c, "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'other'"))
                .isZero();
        assertThat(outside).doesNotExist();
    }

    private void limitCutsAndSaysSo(String url, long stored) throws Exception {
        String all = "SELECT * FROM ohlc_1s WHERE venue = 'dx'";
        HttpResponse<String> j = sql(url, all, "application/json", "?limit=10");
        JsonNode body = json.readTree(j.body());
        assertThat(body.get("rows").size()).isEqualTo(10);
        assertThat(body.get("truncated").asBoolean()).isTrue();
        HttpResponse<String> csv = sql(url, all, "text/csv", "?limit=10");
        assertThat(csv.headers().firstValue("X-Ticktape-Truncated")).contains("true");
        assertThat(csv.body().strip().lines()).hasSize(11);
        HttpResponse<String> exact = sql(url, all, "application/json", "?limit=" + stored);
        assertThat(json.readTree(exact.body()).get("truncated").asBoolean()).isFalse();
        assertThat(sql(url, all, "application/json", "?limit=0").statusCode()).isEqualTo(400);
        assertThat(sql(url, all, "application/json", "?limit=100000000").statusCode())
                .isEqualTo(400);
    }

    private void timeoutStopsALongQuery(String url) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r =
                sql(url, "SELECT sum(i) FROM range(100000000000) t(i)", "application/json", "?timeout=1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(408);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        // The slot and the connection are free again.
        assertThat(sql(url, "SELECT 42 AS x", "application/json", "").statusCode())
                .isEqualTo(200);
    }

    /** The export equals the table: per partition counts, then every row both ways ({@code EXCEPT ALL}). */
    private static void sameRows(Connection c, String table, Path out, String where, long expectedRows)
            throws SQLException {
        String files = "read_parquet('" + out.resolve(table) + "/**/*.parquet', hive_partitioning = true)";
        String cols = columns(c, table);
        String perDay = "SELECT venue || ' ' || day || ' ' || n FROM (SELECT venue, %s AS day, count(*) AS n FROM %s"
                + " WHERE %s GROUP BY ALL) ORDER BY 1";
        assertThat(strings(c, perDay.formatted("date", files, "TRUE")))
                .isNotEmpty()
                .isEqualTo(strings(c, perDay.formatted("CAST(\"timestamp\" AS DATE)", "t." + table, where)));
        assertThat(count(
                        c,
                        "SELECT count(*) FROM (SELECT " + cols + " FROM t." + table + " WHERE " + where
                                + " EXCEPT ALL SELECT " + cols + " FROM " + files + ")"))
                .isZero();
        assertThat(count(
                        c,
                        "SELECT count(*) FROM (SELECT " + cols + " FROM " + files + " EXCEPT ALL SELECT " + cols
                                + " FROM t." + table + " WHERE " + where + ")"))
                .isZero();
        assertThat(count(c, "SELECT count(*) FROM " + files + " WHERE date <> CAST(\"timestamp\" AS DATE)"))
                .isZero();
        if (expectedRows >= 0)
            assertThat(count(c, "SELECT count(*) FROM " + files)).isEqualTo(expectedRows);
    }

    private static String columns(Connection c, String table) throws SQLException {
        return String.join(
                ", ",
                strings(
                        c,
                        "SELECT '\"' || column_name || '\"' FROM duckdb_columns() WHERE database_name = 't' AND "
                                + "table_name = '" + table + "' ORDER BY column_index"));
    }

    private HttpResponse<String> sql(String url, String sql, String accept, String query) throws Exception {
        return post(url + "/v1/sql" + query, sql, accept, "text/plain");
    }

    private HttpResponse<String> post(String url, String body, String accept, String contentType) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", accept)
                        .header("Content-Type", contentType)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
