package dev.ticktape.topology.bars;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.TopologyMetrics;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds {@code md.dlq} values with provenance {@code topic:<topic>/<partition>@<offset>} and counts them. */
final class DeadLetters {
    private final EventCodec codec;
    private final TopologyMetrics metrics;

    DeadLetters(EventCodec codec, TopologyMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    byte[] of(InvalidEventException e, RecordMetadata where, byte[] raw, long now) {
        return of(e.reason(), e.detail(), where, raw, now);
    }

    byte[] of(RejectReason reason, String detail, RecordMetadata where, byte[] raw, long now) {
        metrics.rejected(reason);
        return codec.encodeDeadLetter(
                new DeadLetter(reason, detail, source(where), now, raw == null ? new byte[0] : raw, false));
    }

    static String source(RecordMetadata where) {
        if (where == null) return "topic:unknown";
        return "topic:" + where.topic() + '/' + where.partition() + '@' + where.offset();
    }
}
