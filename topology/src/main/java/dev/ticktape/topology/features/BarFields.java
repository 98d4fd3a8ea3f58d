package dev.ticktape.topology.features;

import dev.ticktape.model.Bar;

/**
 * The fields of one bar the features read, kept in the store so a later revision or a late earlier bar can
 * recompute this bar's features without the bar topic.
 *
 * @param vwap     the bar's vwap, null when it has none
 * @param revision the bar's revision, reported as the feature set's {@code bar_revision}
 */
record BarFields(double open, double high, double low, double close, double volume, Double vwap, int revision) {

    static BarFields of(Bar b) {
        return new BarFields(b.open(), b.high(), b.low(), b.close(), b.volume(), b.vwap(), b.revision());
    }

    /** {@code p}: the vwap, or the close when the bar has none. */
    double price() {
        return vwap != null ? vwap : close;
    }
}
