package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU-bound part of a sink's work per bar row that runs without a database: the sink worker decodes each
 * {@code md.bars.*} record value into a validated {@code Bar} before it batches it (the appender or bind that
 * follows needs a database). Baseline: Jackson's {@code readTree} of the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SinkRowBenchmark {
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
