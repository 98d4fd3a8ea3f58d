package dev.ticktape.topology.summaries;

import dev.ticktape.model.Bar;
import java.nio.ByteBuffer;

/**
 * What the summariser keeps of one 1s bar: the fields the summary reads, in a fixed 28-byte value (the start is in
 * the store key).
 *
 * @param startMs  bar start, epoch ms
 * @param close    close
 * @param volume   volume
 * @param price    the price that weighs the bar in the vwap: its vwap, or its close when it has none
 * @param revision the bar's revision
 */
record SecondBar(long startMs, double close, double volume, double price, int revision) {
    static final int BYTES = 3 * Double.BYTES + Integer.BYTES;

    static SecondBar of(Bar bar) {
        double price = bar.vwap() == null ? bar.close() : bar.vwap();
        return new SecondBar(bar.tsMs(), bar.close(), bar.volume(), price, bar.revision());
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES)
                .putDouble(close)
                .putDouble(volume)
                .putDouble(price)
                .putInt(revision)
                .array();
    }

    static SecondBar decode(long startMs, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        return new SecondBar(startMs, b.getDouble(), b.getDouble(), b.getDouble(), b.getInt());
    }
}
