package dev.ticktape.topology.greeks;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.BarTopology;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.TopologyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A {@link TopologyTestDriver} running the bar and the Greeks topologies from one builder, as one Streams client
 * runs them, with string topics and a steerable wall clock.
 */
public final class GreeksHarness implements AutoCloseable {
    /** Wall clock at start; snapshots sit just before it. */
    public static final long T0 = 1_700_000_040_000L;

    public static final String OCC = "AAPL  240119C00190000";
    public static final EventCodec CODEC = new EventCodec();

    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, String> greeks;
    public final TestInputTopic<String, String> trades;
    public final TestOutputTopic<String, String> accepted;
    public final TestOutputTopic<String, String> dlq;
    public final TestOutputTopic<String, String> bars1s;
    private final Path stateDir;

    public GreeksHarness() {
        this(GreeksConfig.defaults());
    }

    public GreeksHarness(GreeksConfig cfg) {
        try {
            stateDir = Files.createTempDirectory("ticktape-greeks-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TopologyConfig bars = TopologyConfig.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, bars.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        props.put("processing.exception.handler.global.enabled", true);
        StreamsBuilder builder = new StreamsBuilder();
        BarTopology.addTo(builder, bars, new TopologyMetrics(registry), new dev.ticktape.topology.DrainSignal());
        GreeksTopology.addTo(builder, cfg, new GreeksMetrics(registry));
        driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(T0));
        StringSerializer ser = new StringSerializer();
        StringDeserializer de = new StringDeserializer();
        greeks = driver.createInputTopic(Topics.GREEKS, ser, ser);
        trades = driver.createInputTopic(Topics.TRADES, ser, ser);
        accepted = driver.createOutputTopic(GreeksTopology.GREEKS_ACCEPTED_TOPIC, de, de);
        dlq = driver.createOutputTopic(Topics.DLQ, de, de);
        bars1s = driver.createOutputTopic(Topics.BARS_1S, de, de);
    }

    /** A snapshot with the given delta; every other measure fixed. */
    public static String json(String broker, String account, String underlying, String occ, long ts, double delta) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"greeks\",\"venue\":\"%s\",\"symbol\":\"%s\",\"ts_ms\":%d,"
                        + "\"recv_ms\":%d,\"account\":\"%s\",\"contract\":{\"underlying\":\"%s\","
                        + "\"expiry\":\"2024-01-19\",\"strike\":190,\"right\":\"C\",\"occ\":\"%s\"},"
                        + "\"delta\":%s,\"gamma\":0.02,\"theta\":-0.05,\"vega\":0.11,\"rho\":0.01,\"iv\":0.25,"
                        + "\"underlying_price\":191.5,\"mark\":4.2}",
                broker,
                occ.replace(" ", ""),
                ts,
                ts + 1,
                account,
                underlying,
                occ,
                delta);
    }

    public static String json(String broker, long ts, double delta) {
        return json(broker, "ACC1", "AAPL", OCC, ts, delta);
    }

    public static String key(String broker) {
        return GreeksKeys.of(broker, OCC);
    }

    /** A snapshot keyed {@code broker|occ}, as a producer that already keys by the state key sends it. */
    public void send(String broker, long ts, double delta) {
        greeks.pipeInput(key(broker), json(broker, ts, delta));
    }

    public void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
    }

    public static Greeks decode(String json) {
        return (Greeks) CODEC.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    public List<Greeks> drainAccepted() {
        return accepted.readValuesToList().stream().map(GreeksHarness::decode).toList();
    }

    public KeyValueStore<Bytes, byte[]> latestStore() {
        return driver.getKeyValueStore(GreeksTopology.LATEST_STORE);
    }

    public Greeks stored(String broker) {
        byte[] v = latestStore().get(Bytes.wrap(key(broker).getBytes(StandardCharsets.UTF_8)));
        return v == null ? null : (Greeks) CODEC.decode(v);
    }

    public double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir: best effort
        }
    }
}
