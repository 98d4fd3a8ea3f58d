package dev.ticktape.topology.decisions;

import dev.ticktape.model.Decision;
import dev.ticktape.model.GateSetting;
import dev.ticktape.model.Status;
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
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A {@link TopologyTestDriver} running the decision processor alone: summaries, gate settings and status records
 * in, decisions out, with string topics.
 */
final class DecisionHarness implements AutoCloseable {
    /** A second-aligned instant (2023-11-14T22:14:00Z); summaries end after it. */
    static final long S = 1_700_000_040_000L;

    static final String RUN = "run-1";
    static final long WINDOW = 60_000;
    static final EventCodec CODEC = new EventCodec();

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    private final TestInputTopic<String, String> summaries;
    private final TestInputTopic<String, String> gate;
    private final TestInputTopic<String, String> status;
    private final TestOutputTopic<String, String> decisions;
    private final Path stateDir;

    DecisionHarness() {
        this(DecisionConfig.defaults(RUN, WINDOW));
    }

    DecisionHarness(DecisionConfig cfg) {
        this(cfg, Instant.ofEpochMilli(S + 3_600_000));
    }

    DecisionHarness(DecisionConfig cfg, Instant wallClock) {
        try {
            stateDir = Files.createTempDirectory("ticktape-decisions-test");
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
        DecisionTopology.addTo(builder, cfg, new DecisionMetrics(registry));
        driver = new TopologyTestDriver(builder.build(), props, wallClock);
        StringSerializer ser = new StringSerializer();
        summaries = driver.createInputTopic(Topics.SUMMARIES, ser, ser);
        gate = driver.createInputTopic(Topics.DECISION_GATE, ser, ser);
        status = driver.createInputTopic(Topics.STATUS, ser, ser);
        decisions = driver.createOutputTopic(Topics.DECISIONS, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * A summary of the 60 s window ending at {@code end}; only the fields a decision reads are meaningful.
     *
     * @param bars      bars in the window, of 60 expected: the coverage is {@code bars / 60}
     * @param slopeNorm null for a window without a slope
     */
    static Summary summary(
            String venue, String symbol, long end, long windowMs, int bars, double close, Double slopeNorm) {
        return new Summary(
                venue,
                symbol,
                end,
                end + 250,
                windowMs,
                bars,
                (int) (windowMs / 1_000),
                close,
                close,
                0,
                close,
                0,
                close,
                close,
                slopeNorm == null ? null : slopeNorm * close,
                slopeNorm,
                null,
                null,
                bars,
                close,
                0);
    }

    /** A full-coverage summary of binance:BTCUSDT with close 100 ending at {@code end}. */
    void summary(long end, Double slopeNorm) {
        summary(summary("binance", "BTCUSDT", end, WINDOW, 60, 100, slopeNorm));
    }

    void summary(Summary s) {
        summaries.pipeInput(s.instrument().key(), new String(CODEC.encode(s), StandardCharsets.UTF_8), s.tsMs());
    }

    void rawSummary(String key, String value, long ts) {
        summaries.pipeInput(key, value, ts);
    }

    /** A gate setting on {@code md.decisions.gate}, keyed by its scope. */
    void gate(String scope, boolean open, String source) {
        gateRecord(scope, new String(new GateSetting(scope, open, source, "test", S).toJson(), StandardCharsets.UTF_8));
    }

    /** Any value (null for a tombstone) under a scope key. */
    void gateRecord(String key, String value) {
        gate.pipeInput(key, value, S);
    }

    void status(String venue, String connection, long ts, Status.State state) {
        Status s = new Status(venue, connection, ts, ts, state, null, Map.of());
        status.pipeInput(venue + ":" + connection, new String(CODEC.encode(s), StandardCharsets.UTF_8), ts);
    }

    void rawStatus(String key, String value) {
        status.pipeInput(key, value, S);
    }

    static Decision decode(String json) {
        return (Decision) CODEC.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every decision forwarded since the last call, in order. */
    List<Decision> drain() {
        return decisions.readValuesToList().stream()
                .map(DecisionHarness::decode)
                .toList();
    }

    /** The one decision forwarded since the last call. */
    Decision one() {
        List<Decision> out = drain();
        if (out.size() != 1) throw new AssertionError("expected one decision, got " + out);
        return out.get(0);
    }

    List<TestRecord<String, String>> drainRecords() {
        return decisions.readRecordsToList();
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
