package dev.ticktape.model;

/**
 * A producer's clock record on {@code md.trades}: "every trade I publish with event time up to {@code tsMs} has
 * been sent to this partition". Producers that publish through a clocked channel stamp each trade with the
 * {@link #PRODUCER_HEADER} header and send a tick (marked with {@link #TICK_HEADER}, key = producer id) to every
 * partition they wrote, every ~100 ms, and one with {@code end = true} when they finish. The bar topology's
 * watermark per partition is the minimum over its live producers, so a quiet instrument's bar closes within grace
 * plus one tick, and a stalled producer holds bars open instead of making its trades late.
 *
 * <p>Consumers of {@code md.trades} other than the topology skip records carrying {@link #TICK_HEADER}.
 *
 * @param producer stable id of the channel for its lifetime (e.g. {@code gateway@host/tcp:127.0.0.1:53122#7})
 * @param tsMs     event time up to which everything has been sent
 * @param end      the channel is finished: it will send nothing more
 */
public record ProducerTick(String producer, long tsMs, boolean end) {
    public static final String TYPE = "tick";
    /** Header on a tick record (value unused). */
    public static final String TICK_HEADER = "ticktape.tick";
    /** Header on a trade from a clocked channel: the channel's producer id (UTF-8). */
    public static final String PRODUCER_HEADER = "ticktape.producer";

    public ProducerTick {
        if (producer == null || producer.isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "tick without a producer id");
        }
        Checks.timestamp("ts_ms", tsMs);
    }
}
