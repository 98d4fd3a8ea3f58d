package dev.ticktape.app.chaos;

import java.util.Arrays;

/**
 * Every trade the load handed to a gateway connection, in send order, in flat arrays (a 3-minute run is about
 * a million trades). The trade id is the index plus one. Written by the load thread only; read after it ended.
 */
final class SentTrades {
    private int size;
    private int[] symbol = new int[1 << 16];
    private long[] tsMs = new long[1 << 16];
    private double[] price = new double[1 << 16];
    private double[] qty = new double[1 << 16];
    private int[] connection = new int[1 << 16];

    /** Records a trade; returns its id. */
    long add(int sym, long ts, double px, double q, int conn) {
        if (size == symbol.length) grow();
        symbol[size] = sym;
        tsMs[size] = ts;
        price[size] = px;
        qty[size] = q;
        connection[size] = conn;
        return ++size;
    }

    private void grow() {
        int n = symbol.length * 2;
        symbol = Arrays.copyOf(symbol, n);
        tsMs = Arrays.copyOf(tsMs, n);
        price = Arrays.copyOf(price, n);
        qty = Arrays.copyOf(qty, n);
        connection = Arrays.copyOf(connection, n);
    }

    int size() {
        return size;
    }

    int symbol(int i) {
        return symbol[i];
    }

    long tsMs(int i) {
        return tsMs[i];
    }

    double price(int i) {
        return price[i];
    }

    double qty(int i) {
        return qty[i];
    }

    int connection(int i) {
        return connection[i];
    }
}
