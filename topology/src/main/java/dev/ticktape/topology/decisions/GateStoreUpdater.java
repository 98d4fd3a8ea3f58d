package dev.ticktape.topology.decisions;

import dev.ticktape.model.GateSetting;
import dev.ticktape.model.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest valid {@link GateSetting} per scope of {@code md.decisions.gate} in the global gate store (key
 * the normalised scope, value the setting's JSON). The record key is the scope; without one, the value's scope.
 * A null value deletes the scope's setting. A value that is not a setting is counted and skipped: the scope keeps
 * its last valid setting, and the application keeps running. Streams runs this on restore too, so the store never
 * holds what was skipped.
 */
final class GateStoreUpdater implements Processor<byte[], byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(GateStoreUpdater.class);

    private final String storeName;
    private final DecisionMetrics metrics;
    private KeyValueStore<Bytes, byte[]> store;

    GateStoreUpdater(String storeName, DecisionMetrics metrics) {
        this.storeName = storeName;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                if (key == null) throw new IllegalArgumentException("a gate tombstone needs a key");
                store.delete(GateSettings.key(GateSetting.normalise(key)));
                return;
            }
            GateSetting s = GateSetting.fromJson(record.value());
            String scope = key == null ? s.scope() : GateSetting.normalise(key);
            GateSetting stored = new GateSetting(scope, s.open(), s.source(), s.reason(), s.tsMs());
            store.put(GateSettings.key(scope), stored.toJson());
        } catch (InvalidEventException | IllegalArgumentException e) {
            metrics.gateInvalid();
            log.warn("Skipping an invalid record on the decision gate topic: {}", e.getMessage());
        }
    }
}
