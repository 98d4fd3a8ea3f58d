package dev.ticktape.app.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One TCP connection sending live-timestamped trades over its own symbols, as fast as the gateway takes them or at
 * a fixed rate. Lines are built straight into a byte buffer: the client shares the machine with the pipeline it
 * measures, so it must cost little.
 */
final class TradeBlaster implements Runnable {
    private final String host;
    private final int port;
    private final String venue;
    private final String[] symbols;
    private final int ratePerSecond; // 0 = unlimited
    private final long endMs;
    private final SplittableRandom rnd;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    volatile long sent;
    volatile Throwable failure;

    TradeBlaster(String host, int port, String venue, String[] symbols, int ratePerSecond, long endMs, long seed) {
        this.host = host;
        this.port = port;
        this.venue = venue;
        this.symbols = symbols;
        this.ratePerSecond = ratePerSecond;
        this.endMs = endMs;
        this.rnd = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        long[] pxCents = new long[symbols.length];
        for (int i = 0; i < pxCents.length; i++) pxCents[i] = 10_000 + rnd.nextInt(90_000);
        long n = 0;
        long startNanos = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            OutputStream out = s.getOutputStream();
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= endMs) break;
                long allowed = ratePerSecond == 0
                        ? Long.MAX_VALUE
                        : (long) ((System.nanoTime() - startNanos) / 1e9 * ratePerSecond);
                int chunk = (int) Math.min(512, allowed - n);
                if (chunk <= 0) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                for (int k = 0; k < chunk; k++) {
                    int i = rnd.nextInt(symbols.length);
                    pxCents[i] = Math.max(1, pxCents[i] + rnd.nextInt(21) - 10);
                    line(symbols[i], now, pxCents[i], 1 + rnd.nextInt(1000));
                    if (pos > buf.length - 256) {
                        out.write(buf, 0, pos);
                        pos = 0;
                    }
                }
                n += chunk;
                out.write(buf, 0, pos);
                pos = 0;
                sent = n;
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        sent = n;
    }

    private void line(String symbol, long ts, long cents, int milliQty) {
        put("{\"type\":\"trade\",\"venue\":\"");
        put(venue);
        put("\",\"symbol\":\"");
        put(symbol);
        put("\",\"ts_ms\":");
        putLong(ts);
        put(",\"price\":");
        putLong(cents / 100);
        buf[pos++] = '.';
        long c = cents % 100;
        buf[pos++] = (byte) ('0' + c / 10);
        buf[pos++] = (byte) ('0' + c % 10);
        put(",\"qty\":0.");
        buf[pos++] = (byte) ('0' + milliQty / 100 % 10);
        buf[pos++] = (byte) ('0' + milliQty / 10 % 10);
        buf[pos++] = (byte) ('0' + milliQty % 10);
        if (milliQty == 1000) { // 1.000
            pos -= 5;
            put("1.0");
        }
        buf[pos++] = '}';
        buf[pos++] = '\n';
    }

    private void put(String s) {
        for (int i = 0, n = s.length(); i < n; i++) buf[pos++] = (byte) s.charAt(i);
    }

    private void putLong(long v) {
        put(Long.toString(v));
    }
}
