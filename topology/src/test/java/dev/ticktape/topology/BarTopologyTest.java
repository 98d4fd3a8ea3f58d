package dev.ticktape.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BarTopologyTest {
    private final TopologyDescription description = BarTopology.build(
                    TopologyConfig.defaults(), new TopologyMetrics(new SimpleMeterRegistry()))
            .describe();

    @Test
    @Timeout(30)
    void namesEveryNode() {
        List<String> names = new ArrayList<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) names.add(n.name());
        }
        assertThat(names).isNotEmpty().noneMatch(n -> n.startsWith("KSTREAM-") || n.startsWith("KTABLE-"));
    }

    @Test
    @Timeout(30)
    void decodeForwardsStraightToTheDeadLetterSinkTheBarPathAndTheRepartition() {
        TopologyDescription.Node decode = node(BarTopology.DECODE_PROCESSOR);
        assertThat(decode.successors())
                .extracting(TopologyDescription.Node::name)
                .containsExactlyInAnyOrder(
                        BarTopology.ROUTES.deadLetters(), BarTopology.ROUTES.bars(), BarTopology.ROUTES.rekey());
        assertThat(node(BarTopology.ROUTES.deadLetters())).isInstanceOf(TopologyDescription.Sink.class);
        // The bar path's merge: decoded trades and repartitioned ones meet right before the bar processor.
        assertThat(node(BarTopology.ROUTES.bars()).successors())
                .extracting(TopologyDescription.Node::name)
                .containsExactly(BarTopology.BAR_1S_PROCESSOR);
        assertThat(node(BarTopology.ROUTES.bars()).predecessors())
                .extracting(TopologyDescription.Node::name)
                .containsExactlyInAnyOrder(
                        BarTopology.DECODE_PROCESSOR, BarTopology.REKEY_REPARTITION + "-repartition-source");
    }

    private TopologyDescription.Node node(String name) {
        return description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name + " in " + description));
    }

    @Test
    @Timeout(30)
    void runsTradesRekeyedTradesAndTheRollupInOneSubtopology() {
        TopologyDescription.Subtopology bars = description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals(BarTopology.BAR_1S_PROCESSOR)))
                .findFirst()
                .orElseThrow();
        List<Set<String>> sourceTopics = bars.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .map(n -> ((TopologyDescription.Source) n).topicSet())
                .toList();
        assertThat(description.subtopologies()).hasSize(1);
        assertThat(sourceTopics)
                .containsExactlyInAnyOrder(
                        Set.of(Topics.TRADES),
                        Set.of(BarTopology.REKEY_REPARTITION + "-repartition"),
                        Set.of(Topics.BARS_1S));
        // The roll-up is fed in-task by the bar processor, not only through the md.bars.1s topic.
        TopologyDescription.Node merge = bars.nodes().stream()
                .filter(n -> n.name().equals(BarTopology.ROLLUP_INPUT))
                .findFirst()
                .orElseThrow();
        assertThat(merge.predecessors())
                .extracting(TopologyDescription.Node::name)
                .contains(BarTopology.BAR_1S_PROCESSOR, BarTopology.PRODUCER_BARS_FILTER);
        TopologyDescription.Processor processor = (TopologyDescription.Processor) bars.nodes().stream()
                .filter(n -> n.name().equals(BarTopology.BAR_1S_PROCESSOR))
                .findFirst()
                .orElseThrow();
        assertThat(processor.stores())
                .containsExactlyInAnyOrder(
                        BarTopology.OPEN_BARS_1S_STORE,
                        BarTopology.TRADE_IDS_STORE,
                        BarTopology.PROGRESS_1S_STORE,
                        BarTopology.EMITTED_1S_STORE);
    }
}
