package dev.ticktape.topology.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Decision;
import dev.ticktape.model.Topics;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import dev.ticktape.topology.summaries.SummaryHarness;
import dev.ticktape.topology.summaries.SummaryMetrics;
import dev.ticktape.topology.summaries.SummaryTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summariser and the decisions in one builder, as the analytics application runs them: bars in, decisions out. */
class DecisionPipelineTest {
    @Test
    void barsBecomeSummariesBecomeDecisions(@TempDir Path dir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ticktape-test-analytics");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put("processing.exception.handler.global.enabled", true);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamsBuilder builder = new StreamsBuilder();
        SummaryTopology.addTo(
                builder,
                new SummaryConfig(List.of(Duration.ofSeconds(60), Duration.ofSeconds(300)), Duration.ofMinutes(15)),
                new SummaryMetrics(registry));
        // Coverage floor 0, so two bars in a 60 s window are enough to act on.
        DecisionConfig cfg = new DecisionConfig(
                "run-1",
                60_000,
                2,
                1,
                0.0005,
                0.0003,
                0,
                0,
                Duration.ofSeconds(60),
                0,
                Duration.ofSeconds(120),
                FeatureConfig.DEFAULT_SESSIONS);
        DecisionTopology.addTo(builder, cfg, new DecisionMetrics(registry));
        long s = SummaryHarness.S;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(s))) {
            StringSerializer ser = new StringSerializer();
            TestInputTopic<String, String> bars = driver.createInputTopic(Topics.BARS_1S, ser, ser);
            TestOutputTopic<String, String> out =
                    driver.createOutputTopic(Topics.DECISIONS, new StringDeserializer(), new StringDeserializer());

            bars.pipeInput(SummaryHarness.KEY, SummaryHarness.barJson("BTCUSDT", s, 100, 1, null, 0), s);
            bars.pipeInput(
                    SummaryHarness.KEY, SummaryHarness.barJson("BTCUSDT", s + 1_000, 101, 1, null, 0), s + 1_000);
            // A revision of the first bar re-emits the summaries ending S + 1 s and S + 2 s: not decided again.
            bars.pipeInput(SummaryHarness.KEY, SummaryHarness.barJson("BTCUSDT", s, 99, 1, null, 1), s + 1_500);

            List<Decision> d =
                    out.readValuesToList().stream().map(DecisionHarness::decode).toList();
            assertThat(d).extracting(Decision::tsMs).containsExactly(s, s + 1_000);
            // One bar: no slope, state 0 kept.
            assertThat(d.get(0).reason()).isEqualTo("no_change");
            // Closes 100, 101 at x = 58, 59 s: slope 1 per second, mean 100.5, slope_norm 1 / 100.5;
            // trend = 60 × 10,000 / 100.5 = 5970 bps >= 2: enter long.
            assertThat(d.get(1).reason()).isEqualTo("enter_long");
            assertThat(d.get(1).urgency()).isEqualTo(1.0);
            assertThat(d.get(1).close()).isEqualTo(101.0);
            // Every summary comes in both windows: 2 + 2 re-emitted of 300 s, and 2 re-emitted of 60 s.
            assertThat(registry.find(DecisionMetrics.IGNORED)
                            .tags("reason", "other_window")
                            .counter()
                            .count())
                    .isEqualTo(4);
            assertThat(registry.find(DecisionMetrics.IGNORED)
                            .tags("reason", "revised_summary")
                            .counter()
                            .count())
                    .isEqualTo(2);
        }
    }
}
