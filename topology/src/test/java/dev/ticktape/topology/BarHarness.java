package dev.ticktape.topology;

import dev.ticktape.model.Bar;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A {@link TopologyTestDriver} around {@link BarTopology} with string topics and a fixed, steerable wall clock. */
final class BarHarness implements AutoCloseable {
    /** A minute-aligned instant in 2023; test data sits just after it. */
    static final long T0 = 1_700_000_040_000L;

    static final EventCodec CODEC = new EventCodec();

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DrainSignal drain = new DrainSignal();
    final TopologyTestDriver driver;
    final TestInputTopic<String, String> trades;
    final TestInputTopic<String, String> bars1sIn;
    final TestOutputTopic<String, String> bars1s;
    final TestOutputTopic<String, String> bars1m;
    final TestOutputTopic<String, String> late;
    final TestOutputTopic<String, String> dlq;
    private final Path stateDir;

    BarHarness() {
        this(TopologyConfig.defaults(), T0);
    }

    BarHarness(TopologyConfig cfg, long wallClockMs) {
        try {
            stateDir = Files.createTempDirectory("ticktape-topology-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L); // as StreamsRunner sets it
        props.put("processing.exception.handler.global.enabled", true); // the future default; silences a warning
        driver = new TopologyTestDriver(
                BarTopology.build(cfg, new TopologyMetrics(registry), drain), props, Instant.ofEpochMilli(wallClockMs));
        StringSerializer ser = new StringSerializer();
        StringDeserializer de = new StringDeserializer();
        trades = driver.createInputTopic(Topics.TRADES, ser, ser);
        bars1sIn = driver.createInputTopic(Topics.BARS_1S, ser, ser);
        bars1s = driver.createOutputTopic(Topics.BARS_1S, de, de);
        bars1m = driver.createOutputTopic(Topics.BARS_1M, de, de);
        late = driver.createOutputTopic(Topics.LATE, de, de);
        dlq = driver.createOutputTopic(Topics.DLQ, de, de);
    }

    static String tradeJson(String symbol, long ts, double price, double qty) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"trade\",\"venue\":\"binance\",\"symbol\":\"%s\",\"ts_ms\":%d,\"recv_ms\":%d,"
                        + "\"price\":%s,\"qty\":%s}",
                symbol,
                ts,
                ts + 1,
                price,
                qty);
    }

    static String tradeJson(String symbol, long ts, double price, double qty, String extra) {
        String base = tradeJson(symbol, ts, price, qty);
        return base.substring(0, base.length() - 1) + "," + extra + "}";
    }

    static String key(String symbol) {
        return "binance:" + symbol;
    }

    /** A keyed trade, as the gateway publishes it. */
    void trade(String symbol, long ts, double price, double qty) {
        trades.pipeInput(key(symbol), tradeJson(symbol, ts, price, qty));
    }

    /** A keyed trade from a clocked producer. */
    void trade(String symbol, long ts, double price, double qty, String producer) {
        RecordHeaders h = new RecordHeaders();
        h.add(ProducerTick.PRODUCER_HEADER, producer.getBytes(StandardCharsets.UTF_8));
        trades.pipeInput(new TestRecord<>(key(symbol), tradeJson(symbol, ts, price, qty), h, ts));
    }

    /** A producer's clock tick, as a clocked channel sends it. */
    void tick(String producer, long ts, boolean end) {
        RecordHeaders h = new RecordHeaders();
        h.add(ProducerTick.TICK_HEADER, new byte[0]);
        String value = new String(CODEC.encodeTick(new ProducerTick(producer, ts, end)), StandardCharsets.UTF_8);
        trades.pipeInput(new TestRecord<>(producer, value, h, ts));
    }

    void advanceWallClock(long ms) {
        driver.advanceWallClockTime(Duration.ofMillis(ms));
    }

    static Bar bar(String json) {
        MarketEvent e = CODEC.decode(json.getBytes(StandardCharsets.UTF_8));
        return (Bar) e;
    }

    List<Bar> drainBars1s() {
        return bars1s.readValuesToList().stream().map(BarHarness::bar).toList();
    }

    List<TestRecord<String, String>> drainBars1sRecords() {
        return bars1s.readRecordsToList();
    }

    List<Bar> drainBars1m() {
        return bars1m.readValuesToList().stream().map(BarHarness::bar).toList();
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
