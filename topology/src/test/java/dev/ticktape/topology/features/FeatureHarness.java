package dev.ticktape.topology.features;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** A {@link TopologyTestDriver} running the features topology alone, with string topics and a fixed wall clock. */
final class FeatureHarness implements AutoCloseable {
    /** Wall clock: 2026-03-09T21:00:00Z, after every bar the tests send. */
    static final long NOW = Instant.parse("2026-03-09T21:00:00Z").toEpochMilli();

    static final EventCodec CODEC = new EventCodec();
    static final long MINUTE = 60_000;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Topology topology;
    final TopologyTestDriver driver;
    final TestOutputTopic<String, String> features;
    private final TestInputTopic<String, String> bars1m;
    private final TestInputTopic<String, String> bars1s;
    private final Path stateDir;

    FeatureHarness(FeatureConfig cfg) {
        try {
            stateDir = Files.createTempDirectory("ticktape-features-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ticktape-streams-analytics");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
        StreamsBuilder builder = new StreamsBuilder();
        FeatureTopology.addTo(builder, cfg, new FeatureMetrics(registry));
        topology = builder.build();
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(NOW));
        StringSerializer ser = new StringSerializer();
        bars1m = driver.createInputTopic(Topics.BARS_1M, ser, ser);
        bars1s = driver.createInputTopic(Topics.BARS_1S, ser, ser);
        StringDeserializer de = new StringDeserializer();
        features = driver.createOutputTopic(Topics.FEATURES, de, de);
    }

    static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    static Bar bar(
            String venue, BarInterval i, long start, double o, double h, double l, double c, double v, Double vwap) {
        return new Bar(i, venue, "SYM", start, start + i.millis(), o, h, l, c, v, 0, vwap, null);
    }

    /** A 1m bar of {@code venue:SYM} with o = h = l = c. */
    static Bar flat(String venue, long start, double c, double v) {
        return bar(venue, BarInterval.M1, start, c, c, c, c, v, null);
    }

    void send(Bar b) {
        (b.interval() == BarInterval.M1 ? bars1m : bars1s)
                .pipeInput(
                        new TestRecord<>(b.key(), new String(CODEC.encode(b), StandardCharsets.UTF_8), null, b.tsMs()));
    }

    void sendRaw(BarInterval interval, String key, String value) {
        (interval == BarInterval.M1 ? bars1m : bars1s).pipeInput(key, value);
    }

    List<TestRecord<String, String>> drainRecords() {
        return features.readRecordsToList();
    }

    List<FeatureSet> drain() {
        return drainRecords().stream().map(r -> decode(r.value())).toList();
    }

    static FeatureSet decode(String json) {
        return (FeatureSet) CODEC.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    FeatureSet latest(BarInterval interval, String instrument) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(FeatureTopology.LATEST_STORE);
        byte[] v = store.get(FeatureKeys.latest(interval, instrument));
        return v == null ? null : (FeatureSet) CODEC.decode(v);
    }

    /** The bar starts the bar store holds for {@code instrument}, oldest first. */
    List<Long> storedStarts(BarInterval interval, String instrument) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(FeatureTopology.barStore(interval));
        List<Long> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(FeatureKeys.entry(instrument, 0), FeatureKeys.entry(instrument, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.add(FeatureKeys.startOf(kv.key));
            }
        }
        return out;
    }

    double counter(String name, String... tags) {
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
