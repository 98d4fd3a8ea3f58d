package dev.ticktape.topology.greeks;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and validates {@code md.greeks} values and keys them {@code broker|occ}. Anything that is not a valid
 * Greeks snapshot, or is stamped more than {@code maxFutureSkewMs} ahead of the wall clock, becomes an
 * {@code md.dlq} value with provenance {@code topic:<topic>/<partition>@<offset>}. A missing {@code recv_ms} is
 * stamped with the wall clock. Never throws for bad data.
 */
final class GreeksDecodeProcessor implements Processor<byte[], byte[], byte[], DecodedGreeks> {
    private final EventCodec codec;
    private final GreeksMetrics metrics;
    private final long maxFutureSkewMs;
    private ProcessorContext<byte[], DecodedGreeks> context;

    GreeksDecodeProcessor(EventCodec codec, GreeksMetrics metrics, long maxFutureSkewMs) {
        this.codec = codec;
        this.metrics = metrics;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void init(ProcessorContext<byte[], DecodedGreeks> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        byte[] raw = record.value();
        Greeks greeks;
        try {
            greeks = decode(raw, now);
        } catch (InvalidEventException e) {
            metrics.rejected(e.reason());
            byte[] dlq = codec.encodeDeadLetter(new DeadLetter(
                    e.reason(),
                    e.detail(),
                    source(context.recordMetadata().orElse(null)),
                    now,
                    raw == null ? new byte[0] : raw,
                    false));
            context.forward(record.withValue(new DecodedGreeks.Rejected(dlq)));
            return;
        }
        // The adapters key by venue:symbol (symbol = the OCC without spaces): one contract, one partition, so the
        // state key broker|occ can be set here in the task. Only foreign keys need the repartition topic.
        boolean keyed = GreeksKeys.matches(record.key(), greeks)
                || (record.key() != null
                        && Arrays.equals(record.key(), greeks.key().getBytes(StandardCharsets.UTF_8)));
        byte[] key = GreeksKeys.bytes(greeks);
        context.forward(record.withKey(key)
                .withValue(new DecodedGreeks.Accepted(greeks, keyed))
                .withTimestamp(greeks.tsMs()));
    }

    private Greeks decode(byte[] raw, long now) {
        if (raw == null || raw.length == 0) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "empty record value");
        }
        MarketEvent event = codec.decode(raw, 0, raw.length, EventCodec.DEFAULT_VENUE);
        if (!(event instanceof Greeks g)) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE, "md.greeks carries greeks only, got type '" + event.type() + "'");
        }
        if (g.tsMs() - now > maxFutureSkewMs) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "ts_ms " + g.tsMs() + " is " + (g.tsMs() - now) + " ms ahead of the wall clock (limit "
                            + maxFutureSkewMs + " ms)");
        }
        if (g.recvMs() != 0) return g;
        return new Greeks(
                g.venue(),
                g.symbol(),
                g.tsMs(),
                now,
                g.account(),
                g.contract(),
                g.delta(),
                g.gamma(),
                g.theta(),
                g.vega(),
                g.rho(),
                g.iv(),
                g.underlyingPrice(),
                g.mark());
    }

    private static String source(RecordMetadata where) {
        if (where == null) return "topic:unknown";
        return "topic:" + where.topic() + '/' + where.partition() + '@' + where.offset();
    }
}
