package dev.ticktape.topology.decisions;

import dev.ticktape.model.GateSetting;
import dev.ticktape.model.InstrumentId;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the global gate store: the setting that applies to an instrument, the most specific scope first. */
final class GateSettings {
    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;

    GateSettings(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The setting of {@code venue:SYMBOL}, else of {@code venue}, else of {@code *}; null when none is set. */
    GateSetting applying(String venue, String symbol) {
        byte[] v = store.get(key(InstrumentId.key(venue, symbol)));
        if (v == null) v = store.get(key(venue));
        if (v == null) v = store.get(key(GateSetting.ALL));
        return v == null ? null : GateSetting.fromJson(v); // the updater stored only valid settings
    }

    static Bytes key(String scope) {
        return Bytes.wrap(scope.getBytes(StandardCharsets.UTF_8));
    }
}
