package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InstrumentId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary state of a minute: {@code version(1)} then one slot per second that has a 1s bar, in second
 * order. A slot is
 * <pre>
 * second-of-minute(1) open(8) high(8) low(8) close(8) volume(8) trades(8) vwap(8, NaN = none) sourceLen(2) source
 * </pre>
 * Keeping the latest 1s bar per second (not running sums) lets a revised 1s bar replace the one it corrects. The
 * roll-up's open-minute store holds each slot under its own key ({@link BarKeys#slotKey}), so a 1s bar writes one
 * slot rather than its whole minute; a closing minute and the emitted store use the whole state.
 */
final class MinuteStateCodec {
    private static final byte VERSION = 1;
    private static final int HEADER = 1;
    private static final int FIXED = 1 + 7 * Double.BYTES + Short.BYTES;
    private static final int MAX_SOURCE = Short.MAX_VALUE;

    private MinuteStateCodec() {}

    /**
     * The minute bar: open of the first second, close of the last, extremes, sums, vwap weighted by volume
     * over the seconds that carry one (null if none, or none with volume), source of the first second.
     */
    static Bar toBar(byte[] state, InstrumentId instrument, long minuteStart, long recvMs) {
        checkVersion(state);
        ByteBuffer b = ByteBuffer.wrap(state);
        double open = 0;
        double close = 0;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double volume = 0;
        long trades = 0;
        double vwapNotional = 0;
        double vwapVolume = 0;
        String source = null;
        int pos = HEADER;
        while (pos < state.length) {
            int f = pos + 1;
            if (pos == HEADER) {
                open = b.getDouble(f);
                int srcLen = b.getShort(pos + FIXED - Short.BYTES);
                if (srcLen > 0) source = new String(state, pos + FIXED, srcLen, StandardCharsets.UTF_8);
            }
            high = Math.max(high, b.getDouble(f + 8));
            low = Math.min(low, b.getDouble(f + 16));
            close = b.getDouble(f + 24);
            double vol = b.getDouble(f + 32);
            volume += vol;
            trades += b.getLong(f + 40);
            double vwap = b.getDouble(f + 48);
            if (!Double.isNaN(vwap)) {
                vwapNotional += vwap * vol;
                vwapVolume += vol;
            }
            pos += slotLength(state, pos);
        }
        Double vwap = vwapVolume > 0 ? vwapNotional / vwapVolume : null;
        return new Bar(
                BarInterval.M1,
                instrument.venue(),
                instrument.symbol(),
                minuteStart,
                recvMs,
                open,
                high,
                low,
                close,
                volume,
                trades,
                vwap,
                source != null ? source : "live:" + instrument.symbol());
    }

    /** The state holding {@code slots} (each from {@link #slot}), given in second order. */
    static byte[] ofSlots(List<byte[]> slots) {
        int size = HEADER;
        for (byte[] slot : slots) size += slot.length;
        byte[] v = new byte[size];
        v[0] = VERSION;
        int pos = HEADER;
        for (byte[] slot : slots) {
            System.arraycopy(slot, 0, v, pos, slot.length);
            pos += slot.length;
        }
        return v;
    }

    /** The slots of {@code state}, in second order; {@link #second} tells each one's second. */
    static List<byte[]> slots(byte[] state) {
        checkVersion(state);
        List<byte[]> slots = new ArrayList<>();
        int pos = HEADER;
        while (pos < state.length) {
            int len = slotLength(state, pos);
            slots.add(Arrays.copyOfRange(state, pos, pos + len));
            pos += len;
        }
        return slots;
    }

    /** The second of the minute a slot holds. */
    static int second(byte[] slot) {
        return slot[0] & 0xFF;
    }

    /** One second's 1s bar, as a state holds it. */
    static byte[] slot(int second, Bar bar) {
        byte[] src = bar.source() == null ? new byte[0] : bar.source().getBytes(StandardCharsets.UTF_8);
        int srcLen = Math.min(src.length, MAX_SOURCE);
        ByteBuffer b = ByteBuffer.allocate(FIXED + srcLen);
        b.put((byte) second)
                .putDouble(bar.open())
                .putDouble(bar.high())
                .putDouble(bar.low())
                .putDouble(bar.close())
                .putDouble(bar.volume())
                .putLong(bar.trades())
                .putDouble(bar.vwap() == null ? Double.NaN : bar.vwap())
                .putShort((short) srcLen)
                .put(src, 0, srcLen);
        return b.array();
    }

    private static int slotLength(byte[] state, int pos) {
        int srcLen = ((state[pos + FIXED - 2] & 0xFF) << 8) | (state[pos + FIXED - 1] & 0xFF);
        return FIXED + srcLen;
    }

    private static void checkVersion(byte[] state) {
        if (state.length < HEADER || state[0] != VERSION) {
            throw new IllegalStateException("unknown minute state format");
        }
    }
}
