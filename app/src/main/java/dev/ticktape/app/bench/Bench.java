package dev.ticktape.app.bench;

import dev.ticktape.app.kafka.KafkaEventPublisher;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.broker.TopicReadiness;
import dev.ticktape.model.Topics;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end benchmark, run against a platform started in this JVM:
 * <ol>
 *   <li>baseline: the same trade records produced to and consumed from the broker, no topology, no database;</li>
 *   <li>throughput: trades over TCP as fast as the gateway takes them, until every trade is counted in a bar
 *       committed to DuckDB;</li>
 *   <li>latency: trades at a fixed rate; per bar, wall-clock second end to row commit ({@code ingested_at}), and
 *       where the trades and the bars became visible on the way.</li>
 * </ol>
 */
public final class Bench {
    /** Issue 17's targets on the 2-core machine: end-to-end rate, its ratio to the same-run baseline, bar p99. */
    static final int TARGET_RATE = 300_000;

    static final double TARGET_RATIO = 0.6;
    static final long TARGET_LATENCY_OVER_GRACE_MS = 150;

    /** Benchmark shape. */
    public record Config(int seconds, int symbols, int connections, int latencyRate, int latencySeconds) {}

    private final Platform platform;
    private final Config cfg;
    private final PrintStream out;

    public Bench(Platform platform, Config cfg, PrintStream out) {
        this.platform = platform;
        this.cfg = cfg;
        this.out = out;
    }

    public void run() throws Exception {
        DuckDbDatabase db = platform.database().orElseThrow();
        out.printf(
                Locale.ROOT,
                "bench: %d s max-rate phase over %d symbols on %d connections; latency phase %d msg/s for %d s%n",
                cfg.seconds(),
                cfg.symbols(),
                cfg.connections(),
                cfg.latencyRate(),
                cfg.latencySeconds());

        // 1. end-to-end throughput
        long t0 = System.currentTimeMillis();
        long sent = blast("bench", 0, cfg.seconds());
        long sendEnd = System.currentTimeMillis();
        long committedAt = awaitTrades(db, "bench", sent, Duration.ofSeconds(180));
        double e2eRate = sent / ((committedAt - t0) / 1000.0);
        double ingestRate = sent / ((sendEnd - t0) / 1000.0);
        long stored = storedTrades(db, "bench");
        long late = (long) counter("ticktape.trades.late");
        long revising = (long) counter("ticktape.trades.revising");
        long revised1s = (long) counter("ticktape.bars.revised", "interval", "1s");
        long revised1m = (long) counter("ticktape.bars.revised", "interval", "1m");

        // 2. same-run baseline: the same records through the broker only
        double baseline = baseline(sent);

        // 3. bar latency at a fixed rate, broken down by where each hop becomes visible (read_committed)
        long latStart = System.currentTimeMillis();
        long latSent;
        double[] lat;
        VisibilityProbe.Percentiles tradesVisible;
        VisibilityProbe.Percentiles barsVisible;
        VisibilityProbe.Percentiles emittedVisible;
        try (VisibilityProbe trades = VisibilityProbe.start(platform.bootstrapServers(), Topics.TRADES);
                VisibilityProbe bars = VisibilityProbe.startBars(platform.bootstrapServers(), Topics.BARS_1S);
                // a 1s bar's recv_ms is when the topology emitted it
                VisibilityProbe emitted = VisibilityProbe.start(platform.bootstrapServers(), Topics.BARS_1S)) {
            trades.window(latStart, latStart + cfg.latencySeconds() * 1000L);
            bars.window(latStart + 2000, Long.MAX_VALUE); // the bars the SQL below measures
            emitted.window(latStart + 2000, Long.MAX_VALUE);
            latSent = blast("benchlat", cfg.latencyRate(), cfg.latencySeconds());
            awaitTrades(db, "benchlat", latSent, Duration.ofSeconds(120));
            lat = latencies(db, "benchlat", latStart);
            tradesVisible = trades.percentiles();
            barsVisible = bars.percentiles();
            emittedVisible = emitted.percentiles();
        }
        long latRevised = (long) counter("ticktape.bars.revised", "interval", "1s") - revised1s;
        // Every trade must also be in exactly one stored 1m bar (the minute roll-up of the same bars).
        long minuteTrades = awaitMinuteTrades(db, sent + latSent, Duration.ofSeconds(150));
        long graceMs = platform.topologyConfig().map(c -> c.grace().toMillis()).orElse(250L);
        double ratio = e2eRate / baseline;

        out.println();
        out.println("== ticktape bench ==");
        out.printf(
                Locale.ROOT,
                "trades sent over TCP           %,d in %.1f s (gateway intake %,.0f trades/s)%n",
                sent,
                (sendEnd - t0) / 1000.0,
                ingestRate);
        out.printf(
                Locale.ROOT,
                "trades in committed 1s bars    %,d  %s%n",
                stored,
                stored == sent ? "OK nothing lost" : "MISMATCH");
        out.printf(Locale.ROOT, "missing trades                 %,d (sent - stored; must be 0)%n", sent - stored);
        out.printf(Locale.ROOT, "late trades (md.late)          %,d (beyond the allowed lateness)%n", late);
        out.printf(
                Locale.ROOT,
                "revised bars                   1s %,d  1m %,d (trades that revised a 1s bar: %,d)%n",
                revised1s,
                revised1m,
                revising);
        out.printf(
                Locale.ROOT,
                "trades in committed 1m bars    %,d of %,d (both phases)  %s%n",
                minuteTrades,
                sent + latSent,
                minuteTrades == sent + latSent ? "OK" : "MISMATCH");
        out.printf(
                Locale.ROOT,
                "end-to-end sustained           %,.0f trades/s (TCP in -> bars committed in DuckDB)%n",
                e2eRate);
        out.printf(
                Locale.ROOT,
                "baseline broker produce+consume %,.0f records/s (same records, no topology, no DB)%n",
                baseline);
        out.printf(Locale.ROOT, "ratio end-to-end / baseline    %.2f%n", ratio);
        out.printf(
                Locale.ROOT,
                "bar latency at %,d trades/s    p50 %.0f ms  p99 %.0f ms  max %.0f ms  (%d bars, %d revised; second end -> row committed)%n",
                cfg.latencyRate(),
                lat[0],
                lat[1],
                lat[2],
                (long) lat[3],
                latRevised);
        out.printf(
                Locale.ROOT,
                "  on the way (read_committed): trade received -> visible in %s p50 %d ms  p99 %d ms;"
                        + " second end -> bar visible in %s p50 %d ms  p99 %d ms (%d bars);"
                        + " bar emitted -> visible p50 %d ms  p99 %d ms%n",
                Topics.TRADES,
                tradesVisible.p50(),
                tradesVisible.p99(),
                Topics.BARS_1S,
                barsVisible.p50(),
                barsVisible.p99(),
                barsVisible.records(),
                emittedVisible.p50(),
                emittedVisible.p99());
        out.printf(Locale.ROOT, "peak resident memory (whole bench JVM incl. client) %d MiB%n", peakRssMiB());
        out.printf(
                Locale.ROOT,
                "targets: ratio >= %.1f %s; >= %,d trades/s %s; bar p99 <= grace + %d ms (%d ms) %s%n",
                TARGET_RATIO,
                verdict(ratio >= TARGET_RATIO),
                TARGET_RATE,
                verdict(e2eRate >= TARGET_RATE),
                TARGET_LATENCY_OVER_GRACE_MS,
                graceMs + TARGET_LATENCY_OVER_GRACE_MS,
                verdict(lat[1] <= graceMs + TARGET_LATENCY_OVER_GRACE_MS));
        if (stored != sent)
            throw new IllegalStateException("lost or duplicated trades: sent " + sent + ", stored " + stored);
        if (minuteTrades != sent + latSent) {
            throw new IllegalStateException("1m bars hold " + minuteTrades + " trades, sent " + (sent + latSent));
        }
    }

    /** One max-rate phase's outcome: trades sent, and the rate at which they ended up in committed 1s bars. */
    public record Throughput(long sent, double tradesPerSecond) {
        /** The mean of two phases: an A-B-B-A run compares the mean of its A phases with that of its B phases. */
        static Throughput mean(Throughput a, Throughput b) {
            return new Throughput((a.sent() + b.sent()) / 2, (a.tradesPerSecond() + b.tradesPerSecond()) / 2);
        }
    }

    /**
     * Sends trades as fast as the gateway takes them for {@code cfg.seconds()} and waits until all of them are in
     * committed 1s bars: the throughput phase alone, for comparisons between platforms.
     */
    public Throughput throughput(String venue) throws Exception {
        DuckDbDatabase db = platform.database().orElseThrow();
        long t0 = System.currentTimeMillis();
        long sent = blast(venue, 0, cfg.seconds());
        long committedAt = awaitTrades(db, venue, sent, Duration.ofSeconds(180));
        return new Throughput(sent, sent / ((committedAt - t0) / 1000.0));
    }

    static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private double counter(String name, String... tags) {
        var c = platform.registry().find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** Waits until the 1m bars of both phases hold {@code expected} trades; returns what they hold at the end. */
    private static long awaitMinuteTrades(DuckDbDatabase db, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = minuteTrades(db);
        while (n < expected && System.nanoTime() < deadline) {
            Thread.sleep(200); // polling the database the sink writes; no event to wait on
            n = minuteTrades(db);
        }
        return n;
    }

    private static long minuteTrades(DuckDbDatabase db) throws SQLException {
        try (Connection c = db.openReader();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT coalesce(sum(trades), 0) FROM ohlc_1m WHERE venue IN ('bench', 'benchlat')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long blast(String venue, int totalRate, int seconds) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        List<TradeBlaster> blasters = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int perConn = Math.max(1, cfg.symbols() / cfg.connections());
        for (int c = 0; c < cfg.connections(); c++) {
            String[] syms = new String[perConn];
            for (int i = 0; i < perConn; i++)
                syms[i] = String.format(Locale.ROOT, "%S%02dS%04d", venue.substring(0, 2), c, i);
            TradeBlaster b = new TradeBlaster(
                    "127.0.0.1", platform.gatewayPort(), venue, syms, totalRate / cfg.connections(), end, 42 + c);
            blasters.add(b);
            Thread t = new Thread(b, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        long total = 0;
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join();
            if (blasters.get(i).failure != null)
                throw new IllegalStateException("client failed", blasters.get(i).failure);
            total += blasters.get(i).sent;
        }
        return total;
    }

    private static long awaitTrades(DuckDbDatabase db, String venue, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (storedTrades(db, venue) >= expected) return System.currentTimeMillis();
            Thread.sleep(50); // polling the database the sink writes; no event to wait on
        }
        throw new IllegalStateException(
                "timed out: " + storedTrades(db, venue) + " of " + expected + " trades in DuckDB");
    }

    private static long storedTrades(DuckDbDatabase db, String venue) throws SQLException {
        try (Connection c = db.openReader();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT coalesce(sum(trades), 0) FROM ohlc_1s WHERE venue = '" + venue + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** p50, p99, max (ms) and count of second-end -> ingested_at over the latency phase's bars. */
    private static double[] latencies(DuckDbDatabase db, String venue, long fromMs) throws SQLException {
        String sql = "SELECT quantile_cont(l, 0.5), quantile_cont(l, 0.99), max(l), count(*) FROM ("
                + " SELECT epoch_ms(ingested_at) - (epoch_ms(timestamp) + 1000) AS l FROM ohlc_1s"
                + " WHERE venue = '" + venue + "' AND epoch_ms(timestamp) >= " + (fromMs + 1000) + ")";
        try (Connection c = db.openReader();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)};
        }
    }

    /** Produces {@code n} encoded trade records to a fresh topic and consumes them back; records/s end to end. */
    private double baseline(long n) throws Exception {
        String topic = "bench.baseline." + System.nanoTime();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", platform.bootstrapServers());
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, Optional.of(4), Optional.empty())))
                    .all()
                    .get();
            TopicReadiness.await(a, List.of(topic), Duration.ofSeconds(30));
        }
        EventCodec codec = new EventCodec();
        int symbols = cfg.symbols();
        byte[][] keys = new byte[symbols][];
        for (int i = 0; i < symbols; i++) keys[i] = ("bench:BASE" + i).getBytes(StandardCharsets.UTF_8);
        AtomicLong consumed = new AtomicLong();
        Properties cp = new Properties();
        cp.put("bootstrap.servers", platform.bootstrapServers());
        cp.put("group.id", topic);
        cp.put("auto.offset.reset", "earliest");
        cp.put("max.poll.records", "5000");
        Thread consumer = new Thread(
                () -> {
                    try (KafkaConsumer<byte[], byte[]> c =
                            new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                        c.subscribe(List.of(topic));
                        while (consumed.get() < n) {
                            ConsumerRecords<byte[], byte[]> recs = c.poll(Duration.ofMillis(100));
                            for (var r : recs) codec.decode(r.value(), 0, r.value().length, EventCodec.DEFAULT_VENUE);
                            consumed.addAndGet(recs.count());
                        }
                    }
                },
                "bench-baseline-consumer");
        Map<String, Object> pd = new HashMap<>(KafkaEventPublisher.PRODUCER_DEFAULTS);
        pd.put("bootstrap.servers", platform.bootstrapServers());
        Properties pp = new Properties();
        pp.putAll(pd);
        long t0 = System.nanoTime();
        consumer.start();
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (long i = 0; i < n; i++) {
                int s = (int) (i % symbols);
                Trade t = new Trade(
                        "bench",
                        "BASE" + s,
                        now,
                        now,
                        100 + (i % 1000) / 100.0,
                        0.001 * (1 + i % 1000),
                        null,
                        null,
                        "live:BASE" + s);
                p.send(new ProducerRecord<>(topic, null, now, keys[s], codec.encode(t)));
            }
        }
        consumer.join(Duration.ofMinutes(5).toMillis());
        double secs = (System.nanoTime() - t0) / 1e9;
        return consumed.get() / secs;
    }

    static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
