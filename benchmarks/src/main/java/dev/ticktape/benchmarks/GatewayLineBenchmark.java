package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.adapters.ndjson.GatewayMetrics;
import dev.ticktape.adapters.ndjson.LineHandler;
import dev.ticktape.adapters.ndjson.LineSession;
import dev.ticktape.adapters.ndjson.LineSource;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.adapters.runtime.PublishCallback;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One NDJSON line through the gateway's real line handler, without Netty or Kafka: UTF-8 check, type-first
 * decode, validation, restamp (receive time, {@code live:} source), counters, the in-flight budget, and the
 * record key and value the Kafka publisher builds before it sends ({@code key().getBytes}, {@code encode}).
 * Baseline: the same transformation done the naive way with Jackson's tree model (read, add the two fields,
 * write), without any validation.
 */
@State(Scope.Benchmark)
public class GatewayLineBenchmark extends NanosPerOp {
    private final byte[] line = Samples.GATEWAY_LINE;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Stands in for the Kafka publisher: builds the record's key and value, then acknowledges at once. */
    private static final class Sink implements EventPublisher {
        final EventCodec codec;
        final Blackhole blackhole;
        long published;

        Sink(EventCodec codec, Blackhole blackhole) {
            this.codec = codec;
            this.blackhole = blackhole;
        }

        @Override
        public void publish(MarketEvent event, PublishCallback done) {
            blackhole.consume(event.key().getBytes(StandardCharsets.UTF_8));
            blackhole.consume(codec.encode(event));
            published++;
            done.onComplete(null);
        }

        @Override
        public void publishDeadLetter(DeadLetter deadLetter, PublishCallback done) {
            throw new IllegalStateException("the benchmark line was rejected: " + deadLetter.detail());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** A gateway line handler with one open TCP session, publishing into a {@link Sink}. */
    @State(Scope.Benchmark)
    public static class Gateway {
        LineSession session;
        Sink sink;

        @Setup(Level.Trial)
        public void open(Blackhole blackhole) {
            EventCodec codec = new EventCodec();
            sink = new Sink(codec, blackhole);
            InflightBudget budget = new InflightBudget(GatewayConfig.defaults().inflight());
            LineHandler handler = new LineHandler(
                    GatewayConfig.defaults(),
                    codec,
                    sink,
                    budget,
                    new GatewayMetrics(new SimpleMeterRegistry(), budget),
                    Clock.fixed(Instant.ofEpochMilli(Samples.NOW_MS), ZoneOffset.UTC));
            session = handler.open(LineSource.tcp(new InetSocketAddress("127.0.0.1", 40_000)), e -> {});
        }

        @TearDown(Level.Trial)
        public void checkPublished() {
            if (sink.published == 0) throw new IllegalStateException("no line was published");
        }
    }

    @Benchmark
    public void line(Gateway gateway) {
        gateway.session.line(line, 0, line.length);
    }

    @Benchmark
    public byte[] lineBaselineTree() throws Exception {
        ObjectNode n = (ObjectNode) mapper.readTree(line);
        n.put("recv_ms", Samples.NOW_MS);
        n.put("source", "live:" + n.get("symbol").asText());
        return mapper.writeValueAsBytes(n);
    }
}
