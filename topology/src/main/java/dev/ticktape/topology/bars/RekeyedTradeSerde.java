package dev.ticktape.topology.bars;

import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Value serde of the re-key repartition topic: the trade as canonical JSON (venue and {@code recv_ms} filled
 * in), so it decodes to the same trade on the other side and is still a valid {@code md.trades} value when
 * forwarded to {@code md.late}. Only rarely used (unkeyed input), so JSON is cheap enough here.
 */
public final class RekeyedTradeSerde implements Serde<DecodedTrade> {
    private final EventCodec codec;

    public RekeyedTradeSerde(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public Serializer<DecodedTrade> serializer() {
        return (topic, value) -> {
            if (!(value instanceof DecodedTrade.Accepted accepted)) {
                throw new IllegalArgumentException("only accepted trades are repartitioned");
            }
            return codec.encode(accepted.trade());
        };
    }

    @Override
    public Deserializer<DecodedTrade> deserializer() {
        return (topic, bytes) -> {
            MarketEvent event = codec.decode(bytes);
            if (!(event instanceof Trade trade)) {
                throw new IllegalStateException("repartition topic " + topic + " holds a " + event.type());
            }
            return new DecodedTrade.Accepted(trade, bytes, false, null); // unkeyed input is anonymous
        };
    }
}
