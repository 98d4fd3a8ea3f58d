package dev.ticktape.topology.decisions;

import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.SeriesKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The feed half of the legitimacy rule, the same as the {@code legitimacy_stream} view's: for each connection of
 * the venue, its latest status with {@code ts} in {@code (end - window, end]}; any {@code disconnected} gives
 * {@code feed_disconnected}, else any {@code degraded} gives {@code feed_degraded}. A connection with no status in
 * that span is not judged.
 */
final class FeedHealth {
    static final String DISCONNECTED = "feed_disconnected";
    static final String DEGRADED = "feed_degraded";

    private static final BytesSerializer PREFIX = new BytesSerializer();

    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
    private final long windowMs;
    private final EventCodec codec;

    FeedHealth(ReadOnlyKeyValueStore<Bytes, byte[]> store, long windowMs, EventCodec codec) {
        this.store = store;
        this.windowMs = windowMs;
        this.codec = codec;
    }

    /** {@link #DISCONNECTED}, {@link #DEGRADED}, or null when no connection of the venue says so. */
    String problem(String venue, long endMs) {
        Bytes prefix = Bytes.wrap((venue + ':').getBytes(StandardCharsets.UTF_8));
        boolean degraded = false;
        byte[] connection = null;
        byte[] latest = null; // the current connection's latest status inside the span so far
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(prefix, PREFIX)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                byte[] conn = Arrays.copyOf(k, k.length - 1 - Long.BYTES);
                if (!Arrays.equals(conn, connection)) {
                    Status.State s = state(latest);
                    if (s == Status.State.DISCONNECTED) return DISCONNECTED;
                    degraded |= s == Status.State.DEGRADED;
                    connection = conn;
                    latest = null;
                }
                long ts = SeriesKeys.start(kv.key);
                if (ts > endMs - windowMs && ts <= endMs) latest = kv.value; // starts ascend within a connection
            }
        }
        Status.State s = state(latest);
        if (s == Status.State.DISCONNECTED) return DISCONNECTED;
        return degraded || s == Status.State.DEGRADED ? DEGRADED : null;
    }

    private Status.State state(byte[] json) {
        if (json == null) return null;
        MarketEvent e = codec.decode(json); // the updater stored only valid status records
        return ((Status) e).state();
    }
}
