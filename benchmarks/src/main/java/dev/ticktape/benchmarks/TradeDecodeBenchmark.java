package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Trade decode, done twice per trade: by the gateway on the line it received (type-first, trade or ohlc1s) and by
 * the topology on the record the gateway published (trades only). Baseline: Jackson's {@code readTree} of the same
 * bytes, i.e. parsing without validation or records; the ratio says what validation and the event record cost on
 * top of parsing.
 */
@State(Scope.Benchmark)
public class TradeDecodeBenchmark extends NanosPerOp {
    private static final List<String> GATEWAY_TYPES = List.of("trade", "ohlc1s");
    private static final List<String> TOPIC_TYPES = List.of("trade");

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper mapper = new ObjectMapper();
    private final byte[] line = Samples.GATEWAY_LINE;
    private final byte[] record = codec.encode(Samples.TRADE);

    @Benchmark
    public MarketEvent gatewayLine() {
        return codec.decode(line, 0, line.length, EventCodec.DEFAULT_VENUE, GATEWAY_TYPES);
    }

    @Benchmark
    public JsonNode gatewayLineBaselineReadTree() throws Exception {
        return mapper.readTree(line);
    }

    @Benchmark
    public MarketEvent topicRecord() {
        return codec.decode(record, 0, record.length, EventCodec.DEFAULT_VENUE, TOPIC_TYPES);
    }

    @Benchmark
    public JsonNode topicRecordBaselineReadTree() throws Exception {
        return mapper.readTree(record);
    }
}
