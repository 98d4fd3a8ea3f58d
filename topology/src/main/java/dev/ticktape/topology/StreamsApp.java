package dev.ticktape.topology;

import dev.ticktape.model.Topics;
import dev.ticktape.topology.books.BookTopology;
import dev.ticktape.topology.decisions.DecisionConfig;
import dev.ticktape.topology.decisions.DecisionMetrics;
import dev.ticktape.topology.decisions.DecisionTopology;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.features.FeatureMetrics;
import dev.ticktape.topology.features.FeatureTopology;
import dev.ticktape.topology.greeks.GreeksConfig;
import dev.ticktape.topology.greeks.GreeksMetrics;
import dev.ticktape.topology.greeks.GreeksTopology;
import dev.ticktape.topology.summaries.SummaryConfig;
import dev.ticktape.topology.summaries.SummaryMetrics;
import dev.ticktape.topology.summaries.SummaryTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * One Kafka Streams application to run: its id, its topology and, if it holds open bars, how a clean stop drains
 * it. {@link dev.ticktape.topology.runtime.StreamsRunner} runs any of them and knows nothing of what they compute.
 *
 * @param applicationId Kafka Streams {@code application.id}
 * @param topology      what it computes
 * @param drain         how to close its open state before a stop, or null when there is none to close
 */
public record StreamsApp(String applicationId, Topology topology, Drain drain) {
    /**
     * A drainable application: {@code signal} asks its processors to flush, and the drain is complete once the
     * application's committed offsets reach the end of {@code inputTopics}.
     */
    public record Drain(DrainSignal signal, List<String> inputTopics) {
        public Drain {
            Objects.requireNonNull(signal, "signal");
            inputTopics = List.copyOf(inputTopics);
        }
    }

    public StreamsApp {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topology, "topology");
    }

    /** The bar topology as an application that drains on a clean stop. */
    public static StreamsApp bars(TopologyConfig cfg, TopologyMetrics metrics) {
        DrainSignal signal = new DrainSignal();
        Topology topology = BarTopology.build(cfg, metrics, signal);
        String rekey = cfg.applicationId() + "-" + BarTopology.REKEY_REPARTITION + "-repartition";
        return new StreamsApp(
                cfg.applicationId(), topology, new Drain(signal, List.of(Topics.TRADES, Topics.BARS_1S, rekey)));
    }

    /**
     * The options-and-books application: the Greeks topology and the latest-book topology ({@code md.greeks},
     * {@code md.books} and {@link GreeksTopology#GREEKS_ACCEPTED_TOPIC} must exist). It runs beside the bars as its
     * own application so that nothing on the options side can hold up the bars' commits (one shared client stalled
     * bar flushes in testing).
     */
    public static StreamsApp options(String applicationId, GreeksConfig cfg, GreeksMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        GreeksTopology.addTo(builder, cfg, metrics);
        BookTopology.addTo(builder);
        return withoutDrain(applicationId, builder.build());
    }

    /**
     * The analytics application: summaries of the 1s closes and/or intraday features, computed from the committed
     * bars in {@code md.bars.1s} / {@code md.bars.1m} (docs/analytics.md), and decisions from the summaries
     * (docs/decisions.md). Null configs are off; summaries or features are on.
     * Nothing to drain: every output is computed when its bar arrives.
     */
    public static StreamsApp analytics(
            String applicationId,
            SummaryConfig summaries,
            FeatureConfig features,
            DecisionConfig decisions,
            MeterRegistry registry) {
        if (summaries == null && features == null) throw new IllegalArgumentException("nothing to compute");
        StreamsBuilder builder = new StreamsBuilder();
        if (summaries != null) SummaryTopology.addTo(builder, summaries, new SummaryMetrics(registry));
        if (features != null) FeatureTopology.addTo(builder, features, new FeatureMetrics(registry));
        // Decisions read md.summaries back (committed records only): one decision per final bar, in order.
        if (decisions != null) DecisionTopology.addTo(builder, decisions, new DecisionMetrics(registry));
        return withoutDrain(applicationId, builder.build());
    }

    /** An application with nothing to close on a stop: its stores hold latest values, not open intervals. */
    public static StreamsApp withoutDrain(String applicationId, Topology topology) {
        return new StreamsApp(applicationId, topology, null);
    }
}
