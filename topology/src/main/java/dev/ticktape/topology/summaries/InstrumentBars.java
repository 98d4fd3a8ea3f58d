package dev.ticktape.topology.summaries;

import dev.ticktape.topology.SeriesKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The summariser's state per instrument, all of it in changelogged stores so a restored task continues where the
 * last commit left it: the recent 1s bars, keyed {@code [venue:symbol UTF-8][0x00][8-byte big-endian start]} so
 * one instrument's bars are one ordered key range, and the start of its newest bar, keyed {@code venue:symbol}.
 */
final class InstrumentBars {
    private final KeyValueStore<Bytes, byte[]> bars;
    private final KeyValueStore<Bytes, byte[]> newest;

    InstrumentBars(KeyValueStore<Bytes, byte[]> bars, KeyValueStore<Bytes, byte[]> newest) {
        this.bars = bars;
        this.newest = newest;
    }

    /** The newest bar start stored for the instrument, or null before its first bar. */
    Long newest(String instrument) {
        byte[] v = newest.get(instrumentKey(instrument));
        return v == null ? null : ByteBuffer.wrap(v).getLong();
    }

    void newest(String instrument, long start) {
        newest.put(
                instrumentKey(instrument),
                ByteBuffer.allocate(Long.BYTES).putLong(start).array());
    }

    SecondBar get(String instrument, long start) {
        byte[] v = bars.get(barKey(instrument, start));
        return v == null ? null : SecondBar.decode(start, v);
    }

    /** Stores the bar, replacing the one stored for the same second. */
    void put(String instrument, SecondBar bar) {
        bars.put(barKey(instrument, bar.startMs()), bar.encode());
    }

    /** The instrument's bars starting in {@code [fromStart, toStart]}, oldest first. */
    List<SecondBar> range(String instrument, long fromStart, long toStart) {
        List<SecondBar> out = new ArrayList<>();
        long from = Math.max(0, fromStart); // negative starts would sort after positive ones
        if (from > toStart) return out;
        try (KeyValueIterator<Bytes, byte[]> it = bars.range(barKey(instrument, from), barKey(instrument, toStart))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.add(SecondBar.decode(start(kv.key), kv.value));
            }
        }
        return out;
    }

    /** Deletes the instrument's bars that start before {@code start}. */
    void pruneBefore(String instrument, long start) {
        if (start <= 0) return;
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = bars.range(barKey(instrument, 0), barKey(instrument, start - 1))) {
            it.forEachRemaining(kv -> old.add(kv.key));
        }
        for (Bytes k : old) bars.delete(k);
    }

    static Bytes barKey(String instrument, long start) {
        return SeriesKeys.of(instrument, start);
    }

    static Bytes instrumentKey(String instrument) {
        return Bytes.wrap(instrument.getBytes(StandardCharsets.UTF_8));
    }

    private static long start(Bytes key) {
        return SeriesKeys.start(key);
    }
}
