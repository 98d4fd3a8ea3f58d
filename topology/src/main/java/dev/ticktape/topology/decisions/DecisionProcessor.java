package dev.ticktape.topology.decisions;

import dev.ticktape.model.Decision;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Summary;
import dev.ticktape.model.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns each instrument's summaries of the decided window into one decision per completed 1s bar
 * (docs/decisions.md).
 *
 * <p>A summary ending at or before the instrument's last decided end is a re-emission after a late or revised
 * bar: decisions are never revised, so it is ignored. Otherwise the state machine steps, the exposure gate and the
 * cost gate are asked, and the decision is forwarded (key {@code venue:symbol}, decision JSON, record timestamp
 * the bar start). Everything carried from one decision to the next (last end, state, target, the costs in the
 * budget's window) lives in changelogged stores, so a restored task continues where the last commit left it.
 */
final class DecisionProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The stores, by name. */
    record StoreNames(String instruments, String costs, String gate, String status) {}

    private final StoreNames stores;
    private final DecisionConfig cfg;
    private final DecisionRule rule;
    private final long costWindowMs;
    private final EventCodec codec;
    private final DecisionMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> instruments;
    private CostHistory costs;
    private ExposureGate gate;

    DecisionProcessor(StoreNames stores, DecisionConfig cfg, EventCodec codec, DecisionMetrics metrics) {
        this.stores = stores;
        this.cfg = cfg;
        this.rule = new DecisionRule(cfg);
        this.costWindowMs = cfg.costWindow().toMillis();
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        instruments = context.getStateStore(stores.instruments());
        costs = new CostHistory(context.getStateStore(stores.costs()));
        gate = new ExposureGate(
                new GateSettings(context.getStateStore(stores.gate())),
                new FeedHealth(
                        context.getStateStore(stores.status()),
                        cfg.statusWindow().toMillis(),
                        codec),
                cfg);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Summary s = decode(record.value());
        if (s == null) {
            metrics.undecodable();
            return;
        }
        if (s.windowMs() != cfg.windowMs()) {
            metrics.otherWindow();
            return;
        }
        String instrument = s.instrument().key();
        Bytes key = Bytes.wrap(instrument.getBytes(StandardCharsets.UTF_8));
        byte[] stored = instruments.get(key);
        InstrumentState prev = stored == null ? InstrumentState.FIRST : InstrumentState.decode(stored);
        if (s.tsMs() <= prev.lastEndMs()) {
            metrics.revisedSummary(); // a decision that was taken stays taken
            return;
        }
        long ts = s.tsMs() - 1_000;
        double windowCost = rule.costGate().budgeted() ? costs.sumWithin(instrument, ts, costWindowMs) : 0;
        Decision d = rule.decide(s, prev, gate.closedBy(s, ts), windowCost);
        if (d.deltaExposure() != 0) costs.add(instrument, ts, d.cost(), costWindowMs);
        instruments.put(key, new InstrumentState(s.tsMs(), d.state(), (int) d.targetExposure()).encode());
        context.forward(new Record<>(key.get(), codec.encode(d), ts));
        metrics.emitted(d);
    }

    /** The summary in {@code value}, or null when it is not one. */
    private Summary decode(byte[] value) {
        if (value == null || value.length == 0) return null;
        try {
            MarketEvent e = codec.decode(value);
            return e instanceof Summary s ? s : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }
}
