package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU-bound part of a sink's work per bar row that runs without a database: the sink worker decodes each
 * {@code md.bars.*} record value into a validated {@code Bar} before it batches it (the appender or bind that
 * follows needs a database). Baseline: Jackson's {@code readTree} of the same bytes.
 */
@State(Scope.Benchmark)
public class SinkRowBenchmark extends NanosPerOp {
    private final EventCodec codec = new EventCodec();
    private final ObjectMapper mapper = new ObjectMapper();
    private final byte[] bar = codec.encode(Samples.BAR);

    @Benchmark
    public MarketEvent barRecord() {
        return codec.decode(bar, 0, bar.length, EventCodec.DEFAULT_VENUE);
    }

    @Benchmark
    public JsonNode barRecordBaselineReadTree() throws Exception {
        return mapper.readTree(bar);
    }
}
