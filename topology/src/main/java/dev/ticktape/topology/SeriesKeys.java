package dev.ticktape.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Store keys of per-instrument time series: {@code [venue:symbol UTF-8][0x00][8-byte big-endian start]}. One
 * instrument's entries form one key range in start order (starts are not negative, and an instrument key never
 * holds 0x00, so no instrument's range overlaps another's). The recent bars, the summariser's bars and the
 * features' bars all use it.
 */
public final class SeriesKeys {
    private SeriesKeys() {}

    public static Bytes of(String instrument, long start) {
        byte[] inst = instrument.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(inst.length + 1 + Long.BYTES)
                .put(inst)
                .put((byte) 0)
                .putLong(start)
                .array());
    }

    /** The start a key of {@link #of} holds. */
    public static long start(Bytes key) {
        byte[] k = key.get();
        return ByteBuffer.wrap(k, k.length - Long.BYTES, Long.BYTES).getLong();
    }
}
