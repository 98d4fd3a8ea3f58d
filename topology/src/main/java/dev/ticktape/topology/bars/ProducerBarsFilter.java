package dev.ticktape.topology.bars;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes on the {@code md.bars.1s} records that producers sent (pre-aggregated {@code ohlc1s}) and drops the ones
 * a topology computed from trades, which the roll-up already received directly (see {@link BarOrigin}).
 */
public final class ProducerBarsFilter implements Processor<byte[], byte[], byte[], byte[]> {
    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (!BarOrigin.computed(record.headers())) context.forward(record);
    }
}
