package dev.ticktape.topology;

import static dev.ticktape.topology.BarHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A manual throughput check of the 1s bar path in {@link org.apache.kafka.streams.TopologyTestDriver} (no broker):
 * {@code mvn -pl topology test -Dtest=BarThroughputCheck -Dticktape.throughput=true}. Not a timed unit test: it
 * prints trades/s and only checks that every trade landed in a bar.
 */
@EnabledIfSystemProperty(named = "ticktape.throughput", matches = "true")
class BarThroughputCheck {
    private static final int SYMBOLS = 100;

    @Test
    void printsTradesPerSecond() {
        run(200_000, "warm-up");
        run(1_000_000, "measured");
        baseline(1_000_000);
    }

    /** The driver's own ceiling: the same input through a source and a processor that does nothing. */
    private static void baseline(int n) {
        byte[][] values = values(n);
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.TRADES);
        topology.addProcessor(
                "noop",
                () -> new Processor<Object, Object, Object, Object>() {
                    @Override
                    public void process(Record<Object, Object> record) {
                        // measures the driver alone
                    }
                },
                "in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            ByteArraySerializer ser = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(Topics.TRADES, ser, ser);
            byte[] key = "binance:SYM0".getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) in.pipeInput(key, values[i]);
            long nanos = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "driver baseline (no-op processor): %,.0f records/s%n", n / (nanos / 1e9));
        }
    }

    /** 100 symbols round-robin, event time advancing 1 ms per 10 trades (100 s in all for 1M trades). */
    private static byte[][] values(int n) {
        byte[][] values = new byte[n][];
        long base = T0 - 3_600_000;
        for (int i = 0; i < n; i++) {
            values[i] = String.format(
                            Locale.ROOT,
                            "{\"type\":\"trade\",\"venue\":\"binance\",\"symbol\":\"SYM%d\","
                                    + "\"ts_ms\":%d,\"recv_ms\":%d,\"price\":%d.25,\"qty\":0.5}",
                            i % SYMBOLS,
                            base + i / 10,
                            base + i / 10,
                            100 + i % 7)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return values;
    }

    private static void run(int n, String label) {
        byte[][] keys = new byte[SYMBOLS][];
        for (int s = 0; s < SYMBOLS; s++) keys[s] = ("binance:SYM" + s).getBytes(StandardCharsets.US_ASCII);
        byte[][] values = values(n);
        try (BarHarness h = new BarHarness()) {
            ByteArraySerializer ser = new ByteArraySerializer();
            TestInputTopic<byte[], byte[]> in = h.driver.createInputTopic(Topics.TRADES, ser, ser);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) in.pipeInput(keys[i % SYMBOLS], values[i]);
            long nanos = System.nanoTime() - t0;
            h.advanceWallClock(5_000);
            long counted = h.drainBars1s().stream().mapToLong(b -> b.trades()).sum();
            assertThat(counted).isEqualTo(n);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %,d trades in %.2f s = %,.0f trades/s%n",
                    label,
                    n,
                    nanos / 1e9,
                    n / (nanos / 1e9));
        }
    }
}
