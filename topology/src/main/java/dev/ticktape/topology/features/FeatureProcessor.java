package dev.ticktape.topology.features;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.model.features.FeatureDefinition;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Computes the intraday features of each bar of one interval and forwards them as {@link FeatureSet} JSON (key
 * {@code venue:symbol}, record timestamp = bar start).
 *
 * <p>Per bar: resume from the state of the instrument's stored bar just before it (a fresh start when that one is
 * of another session), store the bar and its new state, forward its features, then recompute and re-forward every
 * later stored bar of the same session: the bar was a revision, or arrived after later bars. Everything lives in
 * the changelogged bar store, so a restored task resumes exactly. Bars starting more than the horizon before the
 * instrument's newest bar are skipped (their neighbours may be pruned); a revision lower than the stored one is
 * stale and ignored. Per instrument the store keeps the bars of the last horizon plus 21 bars, and the bar before
 * those, which later arrivals may resume from.
 */
final class FeatureProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The longest look-back of the catalog (21 bars): the store keeps this much beyond the horizon. */
    static final int LOOKBACK_BARS = FeatureDefinition.CATALOG.stream()
            .mapToInt(FeatureDefinition::lookbackBars)
            .max()
            .orElseThrow();

    private final BarInterval interval;
    private final FeatureConfig cfg;
    private final String barStoreName;
    private final String latestStoreName;
    private final EventCodec codec;
    private final FeatureMetrics metrics;
    private final long horizonMs;
    private final long keptMs;
    private ProcessorContext<byte[], byte[]> context;
    private FeatureHistory history;
    private KeyValueStore<Bytes, byte[]> latest;

    FeatureProcessor(
            BarInterval interval,
            FeatureConfig cfg,
            String barStoreName,
            String latestStoreName,
            EventCodec codec,
            FeatureMetrics metrics) {
        this.interval = interval;
        this.cfg = cfg;
        this.barStoreName = barStoreName;
        this.latestStoreName = latestStoreName;
        this.codec = codec;
        this.metrics = metrics;
        this.horizonMs = cfg.horizon().toMillis();
        this.keptMs = horizonMs + LOOKBACK_BARS * interval.millis();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        history = new FeatureHistory(context.getStateStore(barStoreName));
        latest = context.getStateStore(latestStoreName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Bar bar = decode(record.value());
        if (bar == null) {
            metrics.undecodable();
            return;
        }
        SessionRule rule = cfg.ruleFor(bar.venue());
        Optional<LocalDate> session = rule.sessionOf(bar.tsMs());
        if (session.isEmpty()) {
            metrics.outsideSession();
            return;
        }
        String instrument = bar.key();
        long start = bar.tsMs();
        OptionalLong newest = history.newestStart(instrument);
        if (newest.isPresent() && start < newest.getAsLong() - horizonMs) {
            metrics.behindHorizon();
            return;
        }
        FeatureEntry stored = history.at(instrument, start);
        if (stored != null && stored.bar().revision() > bar.revision()) {
            metrics.staleRevision();
            return;
        }

        long day = session.get().toEpochDay();
        double perYear = rule.barsPerYear(interval);
        BarFields fields = BarFields.of(bar);
        FeatureEntry previous = history.before(instrument, start);
        FeatureStep.Result r = FeatureStep.step(previous == null ? null : previous.state(), day, fields, perYear);
        history.put(instrument, start, new FeatureEntry(fields, r.state()));
        FeatureSet last = forward(bar, start, fields, r, stored != null);

        FeatureState state = r.state();
        for (FeatureHistory.Stored later : history.after(instrument, start)) {
            if (later.entry().state().sessionDay() != day) break; // a later session starts afresh anyway
            r = FeatureStep.step(state, day, later.entry().bar(), perYear);
            history.put(
                    instrument, later.start(), new FeatureEntry(later.entry().bar(), r.state()));
            last = forward(bar, later.start(), later.entry().bar(), r, true);
            state = r.state();
        }
        offerLatest(instrument, last);

        long newestNow = Math.max(start, newest.orElse(start));
        history.prune(instrument, newestNow - keptMs, newestNow - horizonMs);
    }

    private Bar decode(byte[] value) {
        if (value == null) return null;
        try {
            MarketEvent e = codec.decode(value, 0, value.length, EventCodec.DEFAULT_VENUE);
            return e instanceof Bar b && b.interval() == interval ? b : null;
        } catch (InvalidEventException e) {
            return null; // the bar application dead-letters bad input; here it is only counted
        }
    }

    /**
     * Forwards the features {@code r} of the bar starting at {@code start} of the instrument of {@code incoming} (the
     * bar being processed, or a later stored bar of the same instrument); {@code again} when they were forwarded before.
     */
    private FeatureSet forward(Bar incoming, long start, BarFields bar, FeatureStep.Result r, boolean again) {
        FeatureSet set = new FeatureSet(
                incoming.venue(),
                incoming.symbol(),
                interval,
                start,
                context.currentSystemTimeMs(),
                FeatureDefinition.V1,
                LocalDate.ofEpochDay(r.state().sessionDay()).toString(),
                r.values(),
                bar.revision());
        context.forward(new Record<>(incoming.key().getBytes(StandardCharsets.UTF_8), codec.encode(set), start));
        metrics.emitted(again);
        return set;
    }

    /** The latest store keeps the set with the greatest bar start; an equal start replaces (a recomputation). */
    private void offerLatest(String instrument, FeatureSet set) {
        Bytes key = FeatureKeys.latest(interval, instrument);
        byte[] current = latest.get(key);
        if (current == null || codec.decode(current).tsMs() <= set.tsMs()) latest.put(key, codec.encode(set));
    }
}
