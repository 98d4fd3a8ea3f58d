package dev.ticktape.app.loadgen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends synthetic NDJSON market data over TCP at a set average rate: random-walk trades over N symbols, and for a
 * share of the symbols one pre-aggregated {@code ohlc1s} bar per second instead. With bursts on, the rate jumps
 * to 4x for 250 ms every ~2 s and sending pauses for up to 400 ms every ~3 s. Every message is recorded in
 * {@link ExpectedBars} so the result can be checked against what the platform stored.
 */
public final class LoadGenerator {
    /** Load shape. */
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
            long seed) {
        public Config {
            if (rate < 1) throw new IllegalArgumentException("rate must be >= 1");
            if (seconds < 1) throw new IllegalArgumentException("seconds must be >= 1");
            if (symbols < 1) throw new IllegalArgumentException("symbols must be >= 1");
            if (ohlcShare < 0 || ohlcShare > 1) throw new IllegalArgumentException("ohlc share must be in [0,1]");
        }
    }

    /** What was sent. */
    public record Sent(long trades, long bars, long lines, long startMs, long endMs) {}

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

    /** Runs the load to completion on the calling thread. */
    public Sent run() throws IOException {
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        double[] tradePx = new double[tradeSymbols.size()];
        double[] barPx = new double[barSymbols.size()];
        for (int i = 0; i < tradePx.length; i++) tradePx[i] = 100 + rnd.nextInt(900);
        for (int i = 0; i < barPx.length; i++) barPx[i] = 100 + rnd.nextInt(900);
        long trades = 0;
        long bars = 0;
        StringBuilder sb = new StringBuilder(160);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(cfg.host(), cfg.port()), 5000);
            socket.setTcpNoDelay(false);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            long start = System.currentTimeMillis();
            long end = start + cfg.seconds() * 1000L;
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
                        out.flush();
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
                        bars++;
                        credit--;
                        writeBar(out, sb, rnd, barSymbols.get(i), barPx, i, lastBarSecond);
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
                    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                    expected.trade(sym, ts, px, qty);
                    trades++;
                }
                credit -= n;
                out.flush();
                if (credit < 1) LockSupport.parkNanos(500_000);
            }
            out.flush();
            return new Sent(trades, bars, trades + bars, start, System.currentTimeMillis());
        }
    }

    private void writeBar(
            OutputStream out, StringBuilder sb, SplittableRandom rnd, String sym, double[] px, int i, long second)
            throws IOException {
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
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        expected.bar(sym, second, open, high, low, close, volume, n);
    }
}
