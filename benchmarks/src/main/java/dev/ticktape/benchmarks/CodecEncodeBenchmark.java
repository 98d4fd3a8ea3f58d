package dev.ticktape.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Event encode: the gateway encodes every accepted trade, the topology every bar it emits. Baseline: a plain
 * Jackson generator (default factory, a fresh {@code ByteArrayOutputStream}) writing the same trade fields in the
 * same order by hand, the obvious way to write such a record.
 */
@State(Scope.Benchmark)
public class CodecEncodeBenchmark extends NanosPerOp {
    private final EventCodec codec = new EventCodec();
    private final JsonFactory plain = new JsonFactory();

    @Benchmark
    public byte[] trade() {
        return codec.encode(Samples.TRADE);
    }

    @Benchmark
    public byte[] tradeBaselineGenerator() throws IOException {
        Trade t = Samples.TRADE;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = plain.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", t.type());
            g.writeStringField("venue", t.venue());
            g.writeStringField("symbol", t.symbol());
            g.writeNumberField("ts_ms", t.tsMs());
            g.writeNumberField("recv_ms", t.recvMs());
            g.writeNumberField("price", t.price());
            g.writeNumberField("qty", t.qty());
            g.writeStringField("source", t.source());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @Benchmark
    public byte[] bar() {
        return codec.encode(Samples.BAR);
    }
}
