package dev.ticktape.topology.summaries;

import dev.ticktape.model.Summary;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.streams.test.TestRecord;

/** A {@link TopologyTestDriver} running only the summariser, with string topics and a fixed wall clock. */
public final class SummaryHarness implements AutoCloseable {
    /** A second-aligned instant in 2023; bars start at or after it. */
    public static final long S = 1_700_000_040_000L;

    public static final String KEY = "binance:BTCUSDT";
    public static final EventCodec CODEC = new EventCodec();

    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, String> bars;
    public final TestOutputTopic<String, String> summaries;
    private final Path stateDir;

    public SummaryHarness(SummaryConfig cfg) {
        try {
            stateDir = Files.createTempDirectory("ticktape-summaries-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ticktape-test-analytics");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
        props.put("processing.exception.handler.global.enabled", true);
        StreamsBuilder builder = new StreamsBuilder();
        SummaryTopology.addTo(builder, cfg, new SummaryMetrics(registry));
        driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(S + 3_600_000));
        StringSerializer ser = new StringSerializer();
        StringDeserializer de = new StringDeserializer();
        bars = driver.createInputTopic(Topics.BARS_1S, ser, ser);
        summaries = driver.createOutputTopic(Topics.SUMMARIES, de, de);
    }

    /** A 1s bar of {@code symbol} on binance; {@code vwap} may be null (left out of the JSON). */
    public static String barJson(String symbol, long start, double close, double volume, Double vwap, int revision) {
        double low = vwap == null ? close : Math.min(close, vwap);
        double high = vwap == null ? close : Math.max(close, vwap);
        return String.format(
                Locale.ROOT,
                "{\"type\":\"ohlc1s\",\"venue\":\"binance\",\"symbol\":\"%s\",\"ts_ms\":%d,\"recv_ms\":%d,"
                        + "\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":%s,\"trades\":1,%s"
                        + "\"revision\":%d}",
                symbol,
                start,
                start + 1_200,
                close,
                high,
                low,
                close,
                volume,
                vwap == null ? "" : "\"vwap\":" + vwap + ",",
                revision);
    }

    public void bar(long start, double close, double volume, Double vwap, int revision) {
        bar("BTCUSDT", start, close, volume, vwap, revision);
    }

    public void bar(String symbol, long start, double close, double volume, Double vwap, int revision) {
        bars.pipeInput("binance:" + symbol, barJson(symbol, start, close, volume, vwap, revision), start);
    }

    /** A bar whose vwap equals its close and whose revision is 0. */
    public void bar(long start, double close) {
        bar(start, close, 1, null, 0);
    }

    public static Summary decode(String json) {
        return (Summary) CODEC.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every summary forwarded since the last call, in order. */
    public List<Summary> drain() {
        return summaries.readValuesToList().stream().map(SummaryHarness::decode).toList();
    }

    public List<TestRecord<String, String>> drainRecords() {
        return summaries.readRecordsToList();
    }

    /** The latest summary of {@code instrumentKey} for the window, or null. */
    public Summary latest(long windowMs, String instrumentKey) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(SummaryTopology.LATEST_STORE);
        byte[] v = store.get(Bytes.wrap((windowMs + "|" + instrumentKey).getBytes(StandardCharsets.UTF_8)));
        return v == null ? null : (Summary) CODEC.decode(v);
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
