package dev.ticktape.topology.bars;

import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Trade;

/** What {@link TradeDecodeProcessor} made of one {@code md.trades} record; the topology branches on it. */
public sealed interface DecodedTrade {

    /**
     * A valid trade. {@code raw} is the JSON it came from (forwarded as is to {@code md.late}); {@code keyed} says
     * the record key already was the trade's {@code venue:symbol}, so it needs no repartitioning; {@code producer}
     * is the clocked channel that sent it ({@code null}: anonymous, e.g. a console producer).
     */
    record Accepted(Trade trade, byte[] raw, boolean keyed, String producer) implements DecodedTrade {}

    /** A producer's clock tick; it stays on the partition it was sent to (never repartitioned). */
    record Tick(ProducerTick tick) implements DecodedTrade {}

    /** A refused record, already encoded as an {@code md.dlq} value. */
    record Rejected(byte[] deadLetter) implements DecodedTrade {}
}
