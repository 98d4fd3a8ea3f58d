package dev.ticktape.topology.bars;

import dev.ticktape.model.InstrumentId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Binary store keys of open bars: {@code [8-byte big-endian bar start][venue:symbol in ASCII]}. The stores
 * compare keys as unsigned bytes, so a scan from the lowest key meets bars in start order and a close pass can
 * stop at the first bar that is still open. Dedupe keys extend a bar key with {@code [0x00][trade id]}; no
 * instrument key contains 0x00, so one bar's trade ids form one contiguous key range.
 */
final class BarKeys {
    private static final int START_BYTES = Long.BYTES;

    private BarKeys() {}

    static Bytes barKey(long start, byte[] instrumentKey) {
        byte[] k = new byte[START_BYTES + instrumentKey.length];
        putLong(k, start);
        System.arraycopy(instrumentKey, 0, k, START_BYTES, instrumentKey.length);
        return Bytes.wrap(k);
    }

    /** The lowest possible key: every bar key sorts at or after it. */
    static Bytes lowest() {
        return Bytes.wrap(new byte[START_BYTES]);
    }

    /** A key above every bar key of bars starting at or before {@code start} (instrument keys are ASCII). */
    static Bytes upperBound(long start) {
        byte[] k = new byte[START_BYTES + 1];
        putLong(k, start);
        k[START_BYTES] = (byte) 0xFF;
        return Bytes.wrap(k);
    }

    static long start(Bytes key) {
        byte[] k = key.get();
        long v = 0;
        for (int i = 0; i < START_BYTES; i++) v = (v << 8) | (k[i] & 0xFF);
        return v;
    }

    static byte[] instrumentKey(Bytes key) {
        byte[] k = key.get();
        return Arrays.copyOfRange(k, START_BYTES, k.length);
    }

    static InstrumentId instrument(Bytes key) {
        byte[] k = key.get();
        return InstrumentId.parse(new String(k, START_BYTES, k.length - START_BYTES, StandardCharsets.US_ASCII));
    }

    /**
     * The key of one second of a minute bar: the minute's bar key, {@code 0x00}, the second of the minute. A minute's
     * slots form one key range in second order; {@link #isSlotKey} tells them from whole-minute keys.
     */
    static Bytes slotKey(Bytes minuteKey, int second) {
        byte[] m = minuteKey.get();
        byte[] k = Arrays.copyOf(m, m.length + 2);
        k[m.length] = 0;
        k[m.length + 1] = (byte) second;
        return Bytes.wrap(k);
    }

    /** A key above every slot key of {@code minuteKey} and below any other minute's keys. */
    static Bytes slotUpperBound(Bytes minuteKey) {
        byte[] m = minuteKey.get();
        byte[] k = Arrays.copyOf(m, m.length + 2);
        k[m.length] = 0;
        k[m.length + 1] = (byte) 0xFF;
        return Bytes.wrap(k);
    }

    /** True for a {@link #slotKey}: instrument keys never hold {@code 0x00}. */
    static boolean isSlotKey(Bytes key) {
        byte[] k = key.get();
        return k.length >= START_BYTES + 3 && k[k.length - 2] == 0;
    }

    /** The minute's bar key of a {@link #slotKey}. */
    static Bytes minuteKeyOf(Bytes slotKey) {
        byte[] k = slotKey.get();
        return Bytes.wrap(Arrays.copyOf(k, k.length - 2));
    }

    static Bytes dedupeKey(Bytes barKey, String tradeId) {
        byte[] bar = barKey.get();
        byte[] id = tradeId.getBytes(StandardCharsets.UTF_8);
        byte[] k = Arrays.copyOf(bar, bar.length + 1 + id.length);
        k[bar.length] = 0;
        System.arraycopy(id, 0, k, bar.length + 1, id.length);
        return Bytes.wrap(k);
    }

    /** True when {@code key} holds exactly {@code venue:symbol}, compared without allocating. */
    static boolean matches(byte[] key, String venue, String symbol) {
        if (key == null) return false;
        int v = venue.length();
        int s = symbol.length();
        if (key.length != v + 1 + s) return false;
        for (int i = 0; i < v; i++) {
            if (key[i] != (byte) venue.charAt(i)) return false;
        }
        if (key[v] != ':') return false;
        for (int i = 0; i < s; i++) {
            if (key[v + 1 + i] != (byte) symbol.charAt(i)) return false;
        }
        return true;
    }

    static byte[] ascii(String venue, String symbol) {
        return InstrumentId.key(venue, symbol).getBytes(StandardCharsets.US_ASCII);
    }

    private static void putLong(byte[] k, long v) {
        for (int i = START_BYTES - 1; i >= 0; i--) {
            k[i] = (byte) v;
            v >>>= 8;
        }
    }
}
