package dev.ticktape.topology.bars;

import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.TopologyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and validates {@code md.trades} values once, and says whether the record key can be trusted.
 * Emits {@link DecodedTrade.Accepted} (key = {@code venue:symbol}, re-derived from the trade when the record came
 * unkeyed or mis-keyed, e.g. from {@code kafka-console-producer}) or {@link DecodedTrade.Rejected} for anything
 * that is not a valid trade or is stamped more than {@code maxFutureSkewMs} ahead of the wall clock. A missing
 * {@code recv_ms} is stamped with the wall clock here. Records marked with {@link ProducerTick#TICK_HEADER} are
 * producer clock ticks ({@link DecodedTrade.Tick}); a trade's {@link ProducerTick#PRODUCER_HEADER} names the
 * producer whose clock covers it. Never throws for bad data.
 *
 * <p>Each record goes to exactly one child, named in {@link Routes}: a branch node would cost every trade two more
 * forwarding hops.
 */
public final class TradeDecodeProcessor implements Processor<byte[], byte[], byte[], DecodedTrade> {
    /**
     * Names of the children: {@code deadLetters} takes {@link DecodedTrade.Rejected}, {@code bars} ticks and trades
     * whose key is already their {@code venue:symbol}, {@code rekey} the other trades (to be repartitioned).
     */
    public record Routes(String deadLetters, String bars, String rekey) {}

    private final EventCodec codec;
    private final Routes routes;
    private final DeadLetters deadLetters;
    private final long maxFutureSkewMs;
    private ProcessorContext<byte[], DecodedTrade> context;
    private byte[] lastProducerBytes;
    private String lastProducer;

    public TradeDecodeProcessor(EventCodec codec, TopologyMetrics metrics, long maxFutureSkewMs, Routes routes) {
        this.codec = codec;
        this.routes = routes;
        this.deadLetters = new DeadLetters(codec, metrics);
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void init(ProcessorContext<byte[], DecodedTrade> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        byte[] raw = record.value();
        Headers headers = record.headers();
        Trade trade;
        try {
            if (headers.lastHeader(ProducerTick.TICK_HEADER) != null) {
                context.forward(record.withValue(new DecodedTrade.Tick(codec.decodeTick(raw))), routes.bars());
                return;
            }
            trade = decode(raw, now);
        } catch (InvalidEventException e) {
            byte[] dlq = deadLetters.of(e, context.recordMetadata().orElse(null), raw, now);
            context.forward(record.withValue(new DecodedTrade.Rejected(dlq)), routes.deadLetters());
            return;
        }
        boolean keyed = BarKeys.matches(record.key(), trade.venue(), trade.symbol());
        byte[] key = keyed ? record.key() : BarKeys.ascii(trade.venue(), trade.symbol());
        Header producer = headers.lastHeader(ProducerTick.PRODUCER_HEADER);
        context.forward(
                record.withKey(key)
                        .withValue(new DecodedTrade.Accepted(
                                trade, raw, keyed, producer == null ? null : producerId(producer.value()))),
                keyed ? routes.bars() : routes.rekey());
    }

    /**
     * The producer id of a trade's header. Consecutive trades nearly always come from the same producer: reusing its
     * String spares a decode per trade and keeps the hash the clock's map lookup needs.
     */
    private String producerId(byte[] header) {
        if (!Arrays.equals(header, lastProducerBytes)) {
            lastProducerBytes = header;
            lastProducer = new String(header, StandardCharsets.UTF_8);
        }
        return lastProducer;
    }

    private static final List<String> TYPES = List.of("trade");

    private Trade decode(byte[] raw, long now) {
        if (raw == null || raw.length == 0) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "empty record value");
        }
        // Type first, as the gateway judges it: a quote here is unknown_type whatever fields it lacks.
        MarketEvent event = codec.decode(raw, 0, raw.length, EventCodec.DEFAULT_VENUE, TYPES);
        if (!(event instanceof Trade trade)) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE, "md.trades carries trades only, got type '" + event.type() + "'");
        }
        if (trade.tsMs() - now > maxFutureSkewMs) {
            throw new InvalidEventException(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "ts_ms " + trade.tsMs() + " is " + (trade.tsMs() - now) + " ms ahead of the wall clock (limit "
                            + maxFutureSkewMs + " ms)");
        }
        return trade.recvMs() == 0 ? trade.withVenueAndReceipt(trade.venue(), now, trade.source()) : trade;
    }
}
