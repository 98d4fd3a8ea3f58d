package dev.ticktape.topology.decisions;

import dev.ticktape.model.InstrumentId;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.SeriesKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the recent {@code md.status} records of every feed connection in the global status store, keyed
 * {@link SeriesKeys} {@code [venue:CONNECTION][0x00][8-byte ts]}, value the status JSON.
 *
 * <p>A history rather than the latest record per connection: the legitimacy rule needs the latest status at or
 * before a bar's end, and heartbeats usually run ahead of the bars being decided, so the newest record is often
 * after that end. Per connection the store keeps what is newer than its newest record minus the status window and
 * {@link #LAG_ALLOWANCE}, how far the decided bars may trail the feed's status. Values that are not status records
 * are counted and skipped.
 */
final class StatusStoreUpdater implements Processor<byte[], byte[], Void, Void> {
    /** The bar topology's default allowed lateness: bars, hence decisions, rarely trail the feed by more. */
    static final long LAG_ALLOWANCE_MS = 15 * 60_000L;

    private final String storeName;
    private final long keptMs;
    private final EventCodec codec;
    private final DecisionMetrics metrics;
    private KeyValueStore<Bytes, byte[]> store;

    StatusStoreUpdater(String storeName, DecisionConfig cfg, EventCodec codec, DecisionMetrics metrics) {
        this.storeName = storeName;
        this.keptMs = cfg.statusWindow().toMillis() + LAG_ALLOWANCE_MS;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Status status = decode(record.value());
        if (status == null) {
            metrics.statusInvalid();
            return;
        }
        String connection = InstrumentId.key(status.venue(), status.symbol());
        store.put(SeriesKeys.of(connection, status.tsMs()), codec.encode(status));
        prune(connection, status.tsMs() - keptMs);
    }

    /** Deletes the connection's records before {@code tsMs}. */
    private void prune(String connection, long tsMs) {
        if (tsMs <= 0) return;
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(SeriesKeys.of(connection, 0), SeriesKeys.of(connection, tsMs - 1))) {
            it.forEachRemaining(kv -> old.add(kv.key));
        }
        for (Bytes k : old) store.delete(k);
    }

    private Status decode(byte[] value) {
        if (value == null || value.length == 0) return null;
        try {
            MarketEvent e = codec.decode(value);
            return e instanceof Status s ? s : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }
}
