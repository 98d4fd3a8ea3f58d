package dev.ticktape.topology;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the bar topology. Every meter is registered up front so the per-record path only increments.
 * <ul>
 *   <li>{@code ticktape.bars.emitted{interval=1s|1m}}: final bars forwarded</li>
 *   <li>{@code ticktape.trades.late}: trades beyond the allowed lateness (sent to {@code md.late})</li>
 *   <li>{@code ticktape.trades.revising}: trades that arrived after their 1s bar was emitted and revise it</li>
 *   <li>{@code ticktape.bars.revised{interval=1s|1m}}: bars emitted again with a higher revision</li>
 *   <li>{@code ticktape.producers.idled}: producers that stopped holding the watermark without an end tick</li>
 *   <li>{@code ticktape.trades.duplicate}: trades dropped because their {@code trade_id} was already counted</li>
 *   <li>{@code ticktape.bars.late{interval=1s}}: 1s bars whose minute had already closed</li>
 *   <li>{@code ticktape.topology.rejected{reason}}: records sent to {@code md.dlq}</li>
 * </ul>
 * Thread-safe: shared by all stream threads of one client.
 */
public final class TopologyMetrics {
    private final Map<BarInterval, Counter> emitted = new EnumMap<>(BarInterval.class);
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter lateTrades;
    private final Counter duplicateTrades;
    private final Counter lateSecondBars;
    private final Map<BarInterval, Counter> revised = new EnumMap<>(BarInterval.class);
    private final Counter revisingTrades;
    private final Counter aggregatedTrades;
    private final Counter idledProducers;

    public TopologyMetrics(MeterRegistry registry) {
        for (BarInterval i : BarInterval.values()) {
            emitted.put(
                    i,
                    Counter.builder("ticktape.bars.emitted")
                            .tag("interval", i.label())
                            .description("Final bars emitted")
                            .register(registry));
        }
        for (BarInterval i : BarInterval.values()) {
            revised.put(
                    i,
                    Counter.builder("ticktape.bars.revised")
                            .tag("interval", i.label())
                            .description("Bars emitted again with a higher revision after late input")
                            .register(registry));
        }
        aggregatedTrades = Counter.builder("ticktape.trades.aggregated")
                .description(
                        "Trades added to a 1s bar (an exactly-once retry may count a trade again; the bars do not)")
                .register(registry);
        revisingTrades = Counter.builder("ticktape.trades.revising")
                .description("Trades that arrived after their 1s bar was emitted and revise it")
                .register(registry);
        idledProducers = Counter.builder("ticktape.producers.idled")
                .description("Producers whose clock stopped advancing, no longer holding bars open")
                .register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(
                    r,
                    Counter.builder("ticktape.topology.rejected")
                            .tag("reason", r.code())
                            .description("Records the topology sent to the dead-letter topic")
                            .register(registry));
        }
        lateTrades = Counter.builder("ticktape.trades.late")
                .description("Trades older than the allowed lateness, sent to md.late")
                .register(registry);
        duplicateTrades = Counter.builder("ticktape.trades.duplicate")
                .description("Trades ignored because their trade_id was already aggregated")
                .register(registry);
        lateSecondBars = Counter.builder("ticktape.bars.late")
                .tag("interval", BarInterval.S1.label())
                .description("1s bars that arrived after their minute closed")
                .register(registry);
    }

    public void barEmitted(BarInterval interval) {
        emitted.get(interval).increment();
    }

    public void barRevised(BarInterval interval) {
        revised.get(interval).increment();
    }

    public void aggregatedTrade() {
        aggregatedTrades.increment();
    }

    public void revisingTrade() {
        revisingTrades.increment();
    }

    public void producerIdled(int n) {
        idledProducers.increment(n);
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void lateTrade() {
        lateTrades.increment();
    }

    public void duplicateTrade() {
        duplicateTrades.increment();
    }

    public void lateSecondBar() {
        lateSecondBars.increment();
    }
}
