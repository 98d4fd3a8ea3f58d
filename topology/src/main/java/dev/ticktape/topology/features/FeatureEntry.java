package dev.ticktape.topology.features;

import java.nio.ByteBuffer;

/**
 * One stored bar of an instrument and the running state after it: the value of the features' bar store. Fixed
 * binary layout, at most 458 bytes: a format byte, the bar (five doubles, vwap as a double with NaN for none, the
 * revision), then the state (session day, {@code k}, nine doubles, the window length and the closes and volumes).
 */
record FeatureEntry(BarFields bar, FeatureState state) {
    private static final byte FORMAT = 1;
    private static final int FIXED = 1
            + 6 * Double.BYTES
            + Integer.BYTES // bar
            + Long.BYTES
            + Integer.BYTES
            + 9 * Double.BYTES
            + 1; // state without the window

    byte[] encode() {
        double[] closes = state.closes();
        double[] volumes = state.volumes();
        ByteBuffer b = ByteBuffer.allocate(FIXED + 2 * closes.length * Double.BYTES);
        b.put(FORMAT)
                .putDouble(bar.open())
                .putDouble(bar.high())
                .putDouble(bar.low())
                .putDouble(bar.close())
                .putDouble(bar.volume())
                // A bar's vwap is finite or null (the codec refuses NaN), so NaN can stand for null.
                .putDouble(bar.vwap() == null ? Double.NaN : bar.vwap())
                .putInt(bar.revision());
        b.putLong(state.sessionDay())
                .putInt(state.count())
                .putDouble(state.firstOpen())
                .putDouble(state.sumPriceVolume())
                .putDouble(state.sumVolume())
                .putDouble(state.high())
                .putDouble(state.low())
                .putDouble(state.gainSum())
                .putDouble(state.lossSum())
                .putDouble(state.avgGain())
                .putDouble(state.avgLoss())
                .put((byte) closes.length);
        for (double c : closes) b.putDouble(c);
        for (double v : volumes) b.putDouble(v);
        return b.array();
    }

    static FeatureEntry decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw);
        byte format = b.get();
        if (format != FORMAT) throw new IllegalStateException("unknown feature entry format " + format);
        double open = b.getDouble();
        double high = b.getDouble();
        double low = b.getDouble();
        double close = b.getDouble();
        double volume = b.getDouble();
        double vwap = b.getDouble();
        BarFields bar = new BarFields(open, high, low, close, volume, Double.isNaN(vwap) ? null : vwap, b.getInt());
        long day = b.getLong();
        int count = b.getInt();
        double firstOpen = b.getDouble();
        double sumPv = b.getDouble();
        double sumV = b.getDouble();
        double hi = b.getDouble();
        double lo = b.getDouble();
        double gainSum = b.getDouble();
        double lossSum = b.getDouble();
        double avgGain = b.getDouble();
        double avgLoss = b.getDouble();
        int n = b.get();
        double[] closes = new double[n];
        double[] volumes = new double[n];
        for (int i = 0; i < n; i++) closes[i] = b.getDouble();
        for (int i = 0; i < n; i++) volumes[i] = b.getDouble();
        return new FeatureEntry(
                bar,
                new FeatureState(
                        day, count, firstOpen, sumPv, sumV, hi, lo, gainSum, lossSum, avgGain, avgLoss, closes,
                        volumes));
    }
}
