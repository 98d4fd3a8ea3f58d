package dev.ticktape.topology.greeks;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Value serde of the Greeks re-key topic: the snapshot as canonical JSON (venue and {@code recv_ms} filled in). */
final class RekeyedGreeksSerde implements Serde<DecodedGreeks> {
    private final EventCodec codec;

    RekeyedGreeksSerde(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public Serializer<DecodedGreeks> serializer() {
        return (topic, value) -> {
            if (!(value instanceof DecodedGreeks.Accepted accepted)) {
                throw new IllegalArgumentException("only accepted snapshots are repartitioned");
            }
            return codec.encode(accepted.greeks());
        };
    }

    @Override
    public Deserializer<DecodedGreeks> deserializer() {
        return (topic, bytes) -> {
            MarketEvent event = codec.decode(bytes);
            if (!(event instanceof Greeks g)) {
                throw new IllegalStateException("repartition topic " + topic + " holds a " + event.type());
            }
            return new DecodedGreeks.Accepted(g, true);
        };
    }
}
