package dev.ticktape.topology.greeks;

import dev.ticktape.model.Greeks;

/** What {@link GreeksDecodeProcessor} made of one {@code md.greeks} record; the topology branches on it. */
sealed interface DecodedGreeks {

    /** A valid snapshot; {@code keyed} says the record key already was its {@code broker|occ}. */
    record Accepted(Greeks greeks, boolean keyed) implements DecodedGreeks {}

    /** A refused record, already encoded as an {@code md.dlq} value. */
    record Rejected(byte[] deadLetter) implements DecodedGreeks {}
}
