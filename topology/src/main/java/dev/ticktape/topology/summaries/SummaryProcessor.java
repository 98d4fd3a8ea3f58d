package dev.ticktape.topology.summaries;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Summary;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.query.LatestValueQueries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns each final 1s bar into one summary per window and keeps the latest summary per instrument and window
 * queryable.
 *
 * <p>A bar at start {@code s} is stored (a revision replaces the stored bar of that second), then the summary
 * ending {@code s + 1 s} is computed for every window, and so is the summary of every stored later bar whose window
 * contains {@code s}: in order that is nothing more, late or revised bars re-emit those under the same keys. A bar
 * more than the horizon behind its instrument's newest bar is skipped. The bars kept per instrument reach back
 * horizon plus largest window from the newest, enough for any window a bar inside the horizon touches.
 *
 * <p>Output: key {@code venue:symbol}, value summary JSON, record timestamp the window end.
 */
final class SummaryProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final long SECOND = 1_000;

    /** The stores, by name. */
    record StoreNames(String bars, String newest, String latest) {}

    private final StoreNames stores;
    private final long[] windowsMs;
    private final long maxWindowMs;
    private final long horizonMs;
    private final EventCodec codec;
    private final SummaryMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private InstrumentBars state;
    private KeyValueStore<Bytes, byte[]> latest;

    SummaryProcessor(StoreNames stores, SummaryConfig cfg, EventCodec codec, SummaryMetrics metrics) {
        this.stores = stores;
        this.windowsMs = cfg.windows().stream().mapToLong(w -> w.toMillis()).toArray();
        this.maxWindowMs = cfg.largestWindow().toMillis();
        this.horizonMs = cfg.horizon().toMillis();
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        state = new InstrumentBars(context.getStateStore(stores.bars()), context.getStateStore(stores.newest()));
        latest = context.getStateStore(stores.latest());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Bar bar = decode(record.value());
        if (bar == null) {
            metrics.undecodable();
            return;
        }
        String instrument = bar.key();
        long start = bar.tsMs();
        Long newest = state.newest(instrument);
        if (newest != null && start < newest - horizonMs) {
            metrics.behindHorizon(); // the bars its windows need may be pruned already
            return;
        }
        SecondBar stored = state.get(instrument, start);
        if (stored != null && bar.revision() < stored.revision()) {
            metrics.staleRevision(); // the stored revision is the bar
            return;
        }
        state.put(instrument, SecondBar.of(bar));
        if (newest == null || start > newest) {
            newest = start;
            state.newest(instrument, start);
            state.pruneBefore(instrument, start - horizonMs - maxWindowMs);
        }

        // Every bar any of the windows to recompute can hold: those ending at s + 1 s up to s + largest window.
        List<SecondBar> near = state.range(instrument, start + SECOND - maxWindowMs, start + maxWindowMs - SECOND);
        int self = lowerBound(near, start);
        byte[] key = instrument.getBytes(StandardCharsets.UTF_8);
        long now = context.currentSystemTimeMs();
        for (long windowMs : windowsMs) {
            // The bar's own window, then each later bar's window that still reaches back to s.
            for (int i = self; i < near.size() && near.get(i).startMs() <= start + windowMs - SECOND; i++) {
                long end = near.get(i).startMs() + SECOND;
                List<SecondBar> window = near.subList(lowerBound(near, end - windowMs), i + 1);
                Summary summary = SummaryMath.compute(bar.venue(), bar.symbol(), window, end, windowMs, now);
                byte[] json = codec.encode(summary);
                keepLatest(instrument, windowMs, end, end == newest + SECOND, json);
                context.forward(new Record<>(key, json, end));
                metrics.emitted(i != self);
            }
        }
    }

    /**
     * Replaces the stored latest summary unless it ends later. The newest bar's summary ends latest of all, so only
     * re-emissions of earlier ends need to look at what is stored.
     */
    private void keepLatest(String instrument, long windowMs, long end, boolean newestEnd, byte[] json) {
        Bytes k = LatestValueQueries.key(Long.toString(windowMs), instrument);
        if (!newestEnd) {
            byte[] prev = latest.get(k);
            if (prev != null && codec.decode(prev).tsMs() > end) return;
        }
        latest.put(k, json);
    }

    /** The 1s bar in {@code value}, or null when it is not one. */
    private Bar decode(byte[] value) {
        if (value == null || value.length == 0) return null;
        try {
            MarketEvent e = codec.decode(value, 0, value.length, EventCodec.DEFAULT_VENUE);
            return e instanceof Bar b && b.interval() == BarInterval.S1 ? b : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }

    /** Index of the first bar starting at or after {@code startMs}. */
    private static int lowerBound(List<SecondBar> bars, long startMs) {
        int lo = 0;
        int hi = bars.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bars.get(mid).startMs() < startMs) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
