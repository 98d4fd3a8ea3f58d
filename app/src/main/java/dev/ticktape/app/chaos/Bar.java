package dev.ticktape.app.chaos;

/** One 1s bar as the verdict compares it: OHLC, volume and trade count. */
record Bar(double open, double high, double low, double close, double volume, long trades) {
    /** A bar's identity in both stores: symbol and second start (epoch ms); the venue is the run's. */
    record Key(String symbol, long second) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = symbol.compareTo(o.symbol);
            return c != 0 ? c : Long.compare(second, o.second);
        }
    }

    /** Equal OHLC and count; volume within 1e-9 relative (a sum of doubles in another order). */
    boolean matches(Bar o) {
        return open == o.open
                && high == o.high
                && low == o.low
                && close == o.close
                && trades == o.trades
                && Math.abs(volume - o.volume) <= 1e-9 * Math.max(Math.abs(volume), 1e-12);
    }
}
