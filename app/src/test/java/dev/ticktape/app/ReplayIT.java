package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.app.wiring.ReplayCompletion;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finite replay with {@code --exit-at-end} semantics through a whole platform (gateway tail, topology, DuckDB
 * sink): once the file has ended the platform drains and closes by itself, the summary counts the file's lines,
 * and the stored 1s and 1m bars equal a SQL {@code GROUP BY} over the same file read by DuckDB's
 * {@code read_json} (the oracle never goes through ticktape's parser).
 */
@ExtendWith(SharedKafkaBroker.class)
class ReplayIT {
    private static final long START = 1_714_557_600_000L; // 2024-05-01T10:00:00Z: history, past the 1s tier

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void exitAtEndDrainsAndStoresTheBarsOfTheWholeFile() throws Exception {
        String tag = Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase(Locale.ROOT);
        List<String> symbols = List.of("RPA" + tag, "RPB" + tag, "RPC" + tag);
        Path file = dir.resolve("replay.ndjson");
        int trades = writeTrades(file, symbols, 6000);

        PlatformSpec base = TestPlatforms.all(dir);
        PlatformSpec spec = base.toBuilder()
                .gateway(
                        GatewayConfig.defaults().withPort(0),
                        new PlatformSpec.Inputs(List.of(file), false, false, true))
                .build();
        Platform p = Platform.start(spec);
        ReplayCompletion.Summary s;
        try {
            s = p.replay().orElseThrow().finished().get(200, TimeUnit.SECONDS);
        } finally {
            p.close(); // already closed by the drain; idempotent
        }

        assertThat(s.lines()).isEqualTo(trades + 2);
        assertThat(s.trades()).isEqualTo(trades);
        assertThat(s.rejected()).isEqualTo(2);
        assertThat(s.late()).isZero();
        assertThat(s.exited()).isTrue();
        assertThat(s.drained()).isTrue();
        assertThat(s.line()).startsWith("replay finished: " + String.format(Locale.ROOT, "%,d", trades + 2) + " lines");

        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("ticktape.duckdb"));
                Connection c = db.openReader()) {
            String in = "('" + String.join("','", symbols) + "')";
            List<String> stored1s = rows(
                    c,
                    "SELECT symbol, epoch_ms(\"timestamp\"), open, high, low, close, "
                            + "round(volume, 8), trades, source_file FROM ohlc_1s WHERE venue = 'ndjson' AND symbol IN "
                            + in + " ORDER BY 1, 2");
            List<String> stored1m = rows(
                    c,
                    "SELECT symbol, epoch_ms(\"timestamp\"), open, high, low, close, "
                            + "round(volume, 8), trades, source_file FROM ohlc_1m WHERE venue = 'ndjson' AND symbol IN "
                            + in + " ORDER BY 1, 2");
            assertThat(stored1s).isEqualTo(rows(c, oracle(file, 1000)));
            assertThat(stored1m).isEqualTo(rows(c, oracle(file, 60_000)));
            assertThat(stored1m).hasSize(symbols.size() * 4);
            assertThat(s.rows1s()).isGreaterThanOrEqualTo(stored1s.size());
            assertThat(s.rows1m()).isGreaterThanOrEqualTo(stored1m.size());
        }
    }

    /**
     * The README's replay example: the shipped sample of real Binance futures trades (see samples/SOURCES.md) replayed
     * to its end stores 1s and 1m bars equal to a DuckDB {@code read_json} {@code GROUP BY} over the same file. Its own
     * broker, as {@code ticktape run} has: on the shared broker these 2020 event times would be beyond the allowed lateness
     * (measured from a task's newest event time) behind newer trades other tests leave on the same partitions.
     */
    @Test
    void theSampleOfRealTradesReplaysToTheBarsOfAGroupBy() throws Exception {
        Path file = Path.of("..", "samples", "binance-futures-btcusdt-trades.ndjson")
                .toAbsolutePath()
                .normalize();
        assertThat(file).isRegularFile();
        PlatformSpec spec = TestPlatforms.all(dir).toBuilder()
                .kafka(PlatformSpec.KafkaSpec.embedded("127.0.0.1", 0))
                .gateway(
                        GatewayConfig.defaults().withPort(0),
                        new PlatformSpec.Inputs(List.of(file), false, false, true))
                .build();
        Platform p = Platform.start(spec);
        ReplayCompletion.Summary s;
        try {
            s = p.replay().orElseThrow().finished().get(120, TimeUnit.SECONDS);
        } finally {
            p.close();
        }

        assertThat(s.lines()).isEqualTo(945);
        assertThat(s.trades()).isEqualTo(945);
        assertThat(s.rejected()).isZero();
        assertThat(s.late()).isZero();
        assertThat(s.drained()).isTrue();

        try (DuckDbDatabase db = DuckDbDatabase.open(dir.resolve("ticktape.duckdb"));
                Connection c = db.openReader()) {
            // Every trade id once, so the topology's same-second trade_id de-duplication leaves these bars alone.
            assertThat(rows(
                            c,
                            "SELECT count(*) - count(DISTINCT trade_id) FROM read_json('" + file
                                    + "', format = 'newline_delimited', columns = {trade_id: 'BIGINT'})"))
                    .containsExactly("0");
            String stored = "SELECT symbol, epoch_ms(\"timestamp\"), open, high, low, close, round(volume, 8), trades, "
                    + "source_file FROM %s WHERE venue = 'binance-futures' AND symbol = 'BTCUSDT' ORDER BY 1, 2";
            List<String> stored1s = rows(c, String.format(Locale.ROOT, stored, "ohlc_1s"));
            List<String> stored1m = rows(c, String.format(Locale.ROOT, stored, "ohlc_1m"));
            assertThat(stored1s).hasSize(276).isEqualTo(rows(c, oracle(file, 1000)));
            assertThat(stored1m).hasSize(10).isEqualTo(rows(c, oracle(file, 60_000)));
        }
    }

    /**
     * Without {@code --exit-at-end} the process stays up; the producer's end tick closes every open bar, so the last
     * 1m bar of the file is stored within the documented 10 s of the file's end (measured and printed).
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void stayingUpStoresTheLastMinuteSoonAfterTheEnd() throws Exception {
        String tag = Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase(Locale.ROOT);
        List<String> symbols = List.of("RQA" + tag, "RQB" + tag, "RQC" + tag);
        Path file = dir.resolve("stay.ndjson");
        writeTrades(file, symbols, 6000);
        PlatformSpec spec = TestPlatforms.all(dir).toBuilder()
                .gateway(GatewayConfig.defaults().withPort(0), new PlatformSpec.Inputs(List.of(file), false, false))
                .build();
        try (Platform p = Platform.start(spec)) {
            p.tailers().get(0).completion().get(120, TimeUnit.SECONDS);
            long end = System.nanoTime();
            Instant from = Instant.ofEpochMilli(START);
            Instant to = Instant.ofEpochMilli(START + 240_000);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> symbols.stream()
                            .allMatch(sym -> p.barQueries()
                                            .orElseThrow()
                                            .storedBars(BarInterval.M1, "ndjson", sym, from, to, 100)
                                            .size()
                                    == 4));
            long trailMs = (System.nanoTime() - end) / 1_000_000;
            System.out.println("last 1m bar stored " + trailMs + " ms after the end of the file");
            assertThat(trailMs)
                    .as("the last 1m bar trails the end of the file by")
                    .isLessThan(10_000);
            ReplayCompletion.Summary s = p.replay().orElseThrow().finished().get(10, TimeUnit.SECONDS);
            assertThat(s.exited()).isFalse();
            assertThat(s.line()).contains("still running");
        }
    }

    /**
     * {@code n} trades over 3 symbols and 4 minutes (several per millisecond at times, so open and close fall to
     * file order), then one rejected line of each kind the oracle filters out; returns {@code n}.
     */
    private static int writeTrades(Path file, List<String> symbols, int n) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        StringBuilder b = new StringBuilder();
        long ts = START;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(0, 80); // 6000 trades * 40 ms on average: 4 minutes
            String sym = symbols.get(rnd.nextInt(symbols.size()));
            double price = 100 + rnd.nextInt(0, 2000) / 100.0;
            double qty = rnd.nextInt(1, 500) / 1000.0;
            b.append(String.format(
                    Locale.ROOT,
                    "{\"type\":\"trade\",\"symbol\":\"%s\",\"ts_ms\":%d,\"price\":%s,\"qty\":%s}%n",
                    sym,
                    Math.min(ts, START + 239_999),
                    price,
                    qty));
        }
        b.append("{\"type\":\"trade\",\"symbol\":\"")
                .append(symbols.get(0))
                .append("\",\"ts_ms\":")
                .append(START + 1000)
                .append(",\"price\":-1,\"qty\":1}\n");
        b.append("{\"type\":\"quote\",\"symbol\":\"").append(symbols.get(0)).append("\"}\n");
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        return n;
    }

    /** The bars of {@code file} by {@code ms}-long buckets: first and last trade by time, then file order. */
    static String oracle(Path file, long ms) {
        return "WITH t AS (SELECT row_number() OVER () AS rn, * FROM read_json('" + file
                + "', format = 'newline_delimited', columns = {type: 'VARCHAR', symbol: 'VARCHAR', "
                + "ts_ms: 'BIGINT', price: 'DOUBLE', qty: 'DOUBLE'})) "
                + "SELECT symbol, ts_ms // " + ms + " * " + ms + " AS s, arg_min(price, ts_ms * 1000000 + rn), "
                + "max(price), min(price), arg_max(price, ts_ms * 1000000 + rn), round(sum(qty), 8), count(*), "
                + "'file:" + file + "' FROM t WHERE type = 'trade' AND price > 0 GROUP BY ALL ORDER BY 1, 2";
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) line.append(r.getString(i)).append(' ');
                out.add(line.toString().trim());
            }
        }
        return out;
    }
}
