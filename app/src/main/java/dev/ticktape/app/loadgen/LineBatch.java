package dev.ticktape.app.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lines waiting to be written, with what each would add to {@link ExpectedBars}. The lines count as sent, and go
 * into the expectation, only once the whole batch was written ({@link #commit}); a batch whose write failed is
 * dropped ({@link #clear}) and its lines are in doubt, neither counted nor sent again.
 */
final class LineBatch {
    /** What one line adds to the expectation once it is sent. */
    private interface Expectation {
        void addTo(ExpectedBars expected);

        boolean isTrade();
    }

    private record TradeLine(String symbol, long tsMs, double price, double qty) implements Expectation {
        @Override
        public void addTo(ExpectedBars expected) {
            expected.trade(symbol, tsMs, price, qty);
        }

        @Override
        public boolean isTrade() {
            return true;
        }
    }

    private record BarLine(
            String symbol, long second, double open, double high, double low, double close, double volume, long trades)
            implements Expectation {
        @Override
        public void addTo(ExpectedBars expected) {
            expected.bar(symbol, second, open, high, low, close, volume, trades);
        }

        @Override
        public boolean isTrade() {
            return false;
        }
    }

    private final List<Expectation> lines = new ArrayList<>();
    private byte[] buf = new byte[1 << 16];
    private int len;

    void trade(CharSequence line, String symbol, long tsMs, double price, double qty) {
        append(line);
        lines.add(new TradeLine(symbol, tsMs, price, qty));
    }

    void bar(
            CharSequence line,
            String symbol,
            long second,
            double open,
            double high,
            double low,
            double close,
            double volume,
            long trades) {
        append(line);
        lines.add(new BarLine(symbol, second, open, high, low, close, volume, trades));
    }

    private void append(CharSequence line) {
        byte[] b = line.toString().getBytes(StandardCharsets.US_ASCII);
        if (len + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    int lines() {
        return lines.size();
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** The batch was written: its lines go into {@code expected}; returns how many were trades. */
    long commit(ExpectedBars expected) {
        long trades = 0;
        for (Expectation e : lines) {
            e.addTo(expected);
            if (e.isTrade()) trades++;
        }
        clear();
        return trades;
    }

    void clear() {
        lines.clear();
        len = 0;
    }
}
