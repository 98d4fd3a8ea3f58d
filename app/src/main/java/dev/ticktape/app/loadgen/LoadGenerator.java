package dev.ticktape.app.loadgen;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends synthetic NDJSON market data over TCP at a set average rate: random-walk trades over N symbols, and for a
 * share of the symbols one pre-aggregated {@code ohlc1s} bar per second instead. With bursts on, the rate jumps
 * to 4x for 250 ms every ~2 s and sending pauses for up to 400 ms every ~3 s. Every message sent is recorded in
 * {@link ExpectedBars} so the result can be checked against what the platform stored.
 *
 * <p>Connecting is retried for {@link Config#connectWait()} (the CLI's {@code --wait-seconds}), so a gateway that is
 * starting or restarting is waited for. A connection lost mid-run is reconnected within the same wait, and the run
 * goes on until its end. Lines are written in batches; a line counts as sent, and is expected in the store, only
 * when the socket took its whole batch. A batch whose write failed is <em>in doubt</em>: the gateway may have
 * received any prefix of it, its last line possibly cut mid-write (a cut line is processed when the connection
 * closes and dead-lettered as {@code invalid_json}); it is neither counted nor sent again ({@link Sent#inDoubt()}),
 * so after a drop the stored bars of those seconds can differ from the expectation. Lines the socket took are
 * counted as sent even if the gateway then dies holding them: the check is meant to see that loss.
 */
public final class LoadGenerator {
    /** How long to wait for the gateway when the config does not say. */
    public static final Duration DEFAULT_CONNECT_WAIT = Duration.ofSeconds(60);

    /** Load shape; {@code connectWait} bounds each wait for a (re)connection. */
    public record Config(
            String host,
            int port,
            String venue,
            String runId,
            int rate,
            int seconds,
            int symbols,
            double ohlcShare,
            boolean bursts,
            long seed,
            Duration connectWait) {
        public Config {
            if (rate < 1) throw new IllegalArgumentException("rate must be >= 1");
            if (seconds < 1) throw new IllegalArgumentException("seconds must be >= 1");
            if (symbols < 1) throw new IllegalArgumentException("symbols must be >= 1");
            if (ohlcShare < 0 || ohlcShare > 1) throw new IllegalArgumentException("ohlc share must be in [0,1]");
            if (connectWait == null || connectWait.isNegative()) {
                throw new IllegalArgumentException("connect wait must be >= 0");
            }
        }

        /** A config that waits {@link #DEFAULT_CONNECT_WAIT} for the gateway. */
        public Config(
                String host,
                int port,
                String venue,
                String runId,
                int rate,
                int seconds,
                int symbols,
                double ohlcShare,
                boolean bursts,
                long seed) {
            this(host, port, venue, runId, rate, seconds, symbols, ohlcShare, bursts, seed, DEFAULT_CONNECT_WAIT);
        }
    }

    /**
     * What was sent: {@code lines = trades + bars}, each fully written to the socket. {@code reconnects} counts
     * connections lost mid-run and made again; {@code inDoubt} the lines of the writes that failed then.
     */
    public record Sent(long trades, long bars, long lines, long startMs, long endMs, int reconnects, long inDoubt) {}

    private final Config cfg;
    private final ExpectedBars expected = new ExpectedBars();
    private final List<String> tradeSymbols = new ArrayList<>();
    private final List<String> barSymbols = new ArrayList<>();

    public LoadGenerator(Config cfg) {
        this.cfg = cfg;
        int ohlc = (int) Math.round(cfg.symbols() * cfg.ohlcShare());
        if (cfg.symbols() > 1 && ohlc == cfg.symbols()) ohlc--;
        for (int i = 0; i < cfg.symbols(); i++) {
            String s = String.format(Locale.ROOT, "LG%sS%04d", cfg.runId(), i);
            (i < ohlc ? barSymbols : tradeSymbols).add(s);
        }
    }

    public List<String> symbols() {
        List<String> all = new ArrayList<>(tradeSymbols);
        all.addAll(barSymbols);
        return all;
    }

    ExpectedBars expected() {
        return expected;
    }

    /**
     * Runs the load to completion on the calling thread.
     *
     * @throws GatewayUnreachableException when no connection could be made within the wait (one line for the
     *     operator)
     */
    public Sent run() throws IOException {
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        double[] tradePx = new double[tradeSymbols.size()];
        double[] barPx = new double[barSymbols.size()];
        for (int i = 0; i < tradePx.length; i++) tradePx[i] = 100 + rnd.nextInt(900);
        for (int i = 0; i < barPx.length; i++) barPx[i] = 100 + rnd.nextInt(900);
        StringBuilder sb = new StringBuilder(160);
        LineBatch batch = new LineBatch();
        try (GatewayConnection conn = new GatewayConnection(cfg.host(), cfg.port())) {
            if (!conn.connect(System.currentTimeMillis() + cfg.connectWait().toMillis())) {
                throw new GatewayUnreachableException(String.format(
                        Locale.ROOT,
                        "cannot connect to %s for %d s: %s; is the gateway running?",
                        conn.address(),
                        cfg.connectWait().toSeconds(),
                        conn.lastFailure()));
            }
            long start = System.currentTimeMillis();
            long end = start + cfg.seconds() * 1000L;
            Tally tally = new Tally();
            long lastBarSecond = Math.floorDiv(start, 1000L) * 1000L; // next second to send bars for
            double credit = 0;
            long prev = System.nanoTime();
            long nextBurst = start + 2000;
            long burstUntil = 0;
            long nextPause = start + 1500 + rnd.nextInt(3000);
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= end) break;
                long nanos = System.nanoTime();
                double factor = 1.0;
                if (cfg.bursts()) {
                    if (now >= nextBurst) {
                        burstUntil = now + 250;
                        nextBurst = now + 1500 + rnd.nextInt(1000);
                    }
                    if (now < burstUntil) factor = 4.0;
                    if (now >= nextPause) {
                        if (!send(conn, batch, tally, end)) break;
                        long pause = 50 + rnd.nextInt(350);
                        LockSupport.parkNanos(pause * 1_000_000L);
                        nextPause = System.currentTimeMillis() + 2000 + rnd.nextInt(2000);
                        prev = System.nanoTime();
                        continue;
                    }
                }
                credit += (nanos - prev) / 1e9 * cfg.rate() * factor;
                prev = nanos;
                // Pre-aggregated bars: one per bar symbol for each second that has fully passed.
                long second = Math.floorDiv(now, 1000L) * 1000L;
                while (lastBarSecond < second) {
                    for (int i = 0; i < barSymbols.size(); i++) {
                        credit--;
                        addBar(batch, sb, rnd, barSymbols.get(i), barPx, i, lastBarSecond);
                    }
                    lastBarSecond += 1000;
                }
                int n = (int) Math.min(credit, 5000);
                for (int k = 0; k < n && !tradeSymbols.isEmpty(); k++) {
                    int i = rnd.nextInt(tradeSymbols.size());
                    double px = Math.max(0.01, Math.round((tradePx[i] + (rnd.nextDouble() - 0.5) * 0.2) * 100) / 100.0);
                    tradePx[i] = px;
                    double qty = (1 + rnd.nextInt(1000)) / 1000.0;
                    String sym = tradeSymbols.get(i);
                    long ts = System.currentTimeMillis();
                    sb.setLength(0);
                    sb.append("{\"type\":\"trade\",\"venue\":\"")
                            .append(cfg.venue())
                            .append("\",\"symbol\":\"")
                            .append(sym)
                            .append("\",\"ts_ms\":")
                            .append(ts)
                            .append(",\"price\":")
                            .append(px)
                            .append(",\"qty\":")
                            .append(qty)
                            .append("}\n");
                    batch.trade(sb, sym, ts, px, qty);
                }
                credit -= n;
                int reconnects = tally.reconnects;
                if (!send(conn, batch, tally, end)) break;
                if (tally.reconnects != reconnects) { // the time spent reconnecting is not made up in a flood
                    credit = 0;
                    prev = System.nanoTime();
                }
                if (credit < 1) LockSupport.parkNanos(500_000);
            }
            send(conn, batch, tally, end);
            return new Sent(
                    tally.trades,
                    tally.bars,
                    tally.trades + tally.bars,
                    start,
                    System.currentTimeMillis(),
                    tally.reconnects,
                    tally.inDoubt);
        }
    }

    /** Counts of one run. */
    private static final class Tally {
        long trades;
        long bars;
        long inDoubt;
        int reconnects;
    }

    /**
     * Writes the batch. When the write fails its lines are in doubt and the connection is made again, within the
     * connect wait; returns false when the run's end came first (nothing more to send).
     *
     * @throws GatewayUnreachableException when the wait ran out before the end of the run
     */
    private boolean send(GatewayConnection conn, LineBatch batch, Tally tally, long endMs) throws IOException {
        if (batch.isEmpty()) return true;
        int lines = batch.lines();
        if (conn.write(batch.bytes(), batch.length())) {
            long trades = batch.commit(expected);
            tally.trades += trades;
            tally.bars += lines - trades;
            return true;
        }
        tally.inDoubt += lines;
        batch.clear();
        String cause = conn.lastFailure();
        long now = System.currentTimeMillis();
        if (now >= endMs) return false;
        long waitDeadline = now + cfg.connectWait().toMillis();
        if (conn.connect(Math.min(waitDeadline, endMs))) {
            tally.reconnects++;
            return true;
        }
        if (System.currentTimeMillis() >= endMs) return false;
        throw new GatewayUnreachableException(String.format(
                Locale.ROOT,
                "lost the connection to %s (%s) and cannot reconnect for %d s: %s; is the gateway running?",
                conn.address(),
                cause,
                cfg.connectWait().toSeconds(),
                conn.lastFailure()));
    }

    private void addBar(
            LineBatch batch, StringBuilder sb, SplittableRandom rnd, String sym, double[] px, int i, long second) {
        double open = px[i];
        double close = Math.max(0.01, Math.round((open + (rnd.nextDouble() - 0.5)) * 100) / 100.0);
        double high = Math.round((Math.max(open, close) + rnd.nextInt(50) / 100.0) * 100) / 100.0;
        double low = Math.max(0.01, Math.round((Math.min(open, close) - rnd.nextInt(50) / 100.0) * 100) / 100.0);
        double volume = (1 + rnd.nextInt(100_000)) / 100.0;
        long n = 1 + rnd.nextInt(500);
        px[i] = close;
        sb.setLength(0);
        sb.append("{\"type\":\"ohlc1s\",\"venue\":\"")
                .append(cfg.venue())
                .append("\",\"symbol\":\"")
                .append(sym)
                .append("\",\"ts_ms\":")
                .append(second)
                .append(",\"open\":")
                .append(open)
                .append(",\"high\":")
                .append(high)
                .append(",\"low\":")
                .append(low)
                .append(",\"close\":")
                .append(close)
                .append(",\"volume\":")
                .append(volume)
                .append(",\"trades\":")
                .append(n)
                .append("}\n");
        batch.bar(sb, sym, second, open, high, low, close, volume, n);
    }
}
