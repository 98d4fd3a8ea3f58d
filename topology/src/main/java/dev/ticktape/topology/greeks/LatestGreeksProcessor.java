package dev.ticktape.topology.greeks;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.codec.EventCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest Greeks snapshot per {@code broker|occ} and forwards the ones that change it.
 *
 * <p>Policy against the stored snapshot: older {@code ts_ms} is out of order, same {@code ts_ms} with the same
 * measures is a duplicate; both are counted and dropped. Anything else (newer, or a same-time correction) is
 * stored and forwarded as canonical JSON with record timestamp {@code ts_ms}.
 *
 * <p>Conflation (when {@code minInterval > 0}): a snapshot less than {@code minInterval} of event time after the
 * last forwarded one is stored but held back; a wall-clock punctuation forwards the held-back newest snapshot
 * once {@code minInterval} of wall time has passed since the last forward, so a contract that goes quiet still
 * ends on its latest value. The keys with a held-back snapshot are also kept in memory so the punctuation does
 * not scan the whole chain; they are rebuilt from the changelogged store after a restore.
 */
final class LatestGreeksProcessor implements Processor<byte[], DecodedGreeks, byte[], byte[]> {
    private final String latestStoreName;
    private final String conflationStoreName;
    private final long minIntervalMs;
    private final Duration punctuateInterval;
    private final EventCodec codec;
    private final GreeksMetrics metrics;
    private final Set<Bytes> pending = new LinkedHashSet<>();
    /**
     * The stored snapshots, decoded: this processor is the store's only writer, so the map never disagrees with
     * it; it spares a store read and a JSON decode per record (the hottest path of the options application). It
     * starts empty with every task instance and fills from the store on first use of a key.
     */
    private final Map<Bytes, Greeks> decoded = new HashMap<>();

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> latest;
    private KeyValueStore<Bytes, byte[]> conflation;

    LatestGreeksProcessor(
            String latestStoreName,
            String conflationStoreName,
            GreeksConfig cfg,
            EventCodec codec,
            GreeksMetrics metrics) {
        this.latestStoreName = latestStoreName;
        this.conflationStoreName = conflationStoreName;
        this.minIntervalMs = cfg.minInterval().toMillis();
        this.punctuateInterval = cfg.punctuateInterval();
        this.codec = codec;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        latest = context.getStateStore(latestStoreName);
        conflation = context.getStateStore(conflationStoreName);
        try (KeyValueIterator<Bytes, byte[]> it = conflation.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (ConflationState.decode(kv.value).pending()) pending.add(kv.key);
            }
        }
        // Scheduled even without conflation: a restart with conflation switched off still flushes what waits.
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::flushDue);
    }

    @Override
    public void process(Record<byte[], DecodedGreeks> record) {
        Greeks g = ((DecodedGreeks.Accepted) record.value()).greeks();
        Bytes key = Bytes.wrap(record.key());
        Greeks stored = decoded.get(key);
        if (stored == null) {
            byte[] storedJson = latest.get(key);
            if (storedJson != null) stored = (Greeks) codec.decode(storedJson);
        }
        if (stored != null) {
            if (g.tsMs() < stored.tsMs()) {
                metrics.outOfOrder();
                return;
            }
            if (g.tsMs() == stored.tsMs() && sameMeasures(g, stored)) {
                metrics.duplicate();
                return;
            }
        }
        byte[] json = codec.encode(g);
        latest.put(key, json);
        decoded.put(key, g);

        ConflationState state = ConflationState.decode(conflation.get(key));
        if (state != null && state.pending()) metrics.conflated(); // the held-back one is superseded unsent
        if (minIntervalMs > 0 && state != null && g.tsMs() - state.forwardedTsMs() < minIntervalMs) {
            conflation.put(key, state.withPending().encode());
            pending.add(key);
            return;
        }
        pending.remove(key);
        forward(key, json, g.tsMs(), state);
    }

    private void flushDue(long now) {
        Iterator<Bytes> it = pending.iterator();
        while (it.hasNext()) {
            Bytes key = it.next();
            ConflationState state = ConflationState.decode(conflation.get(key));
            if (state == null || !state.pending()) {
                it.remove();
                continue;
            }
            if (now - state.forwardedWallMs() < minIntervalMs) continue;
            it.remove();
            byte[] json = latest.get(key);
            forward(key, json, codec.decode(json).tsMs(), state);
        }
    }

    private void forward(Bytes key, byte[] json, long tsMs, ConflationState previous) {
        if (minIntervalMs > 0) {
            conflation.put(key, new ConflationState(tsMs, context.currentSystemTimeMs(), false).encode());
        } else if (previous != null) {
            conflation.delete(key); // left over from a run with conflation on
        }
        context.forward(new Record<>(key.get(), json, tsMs));
        metrics.forwarded();
    }

    private static boolean sameMeasures(Greeks a, Greeks b) {
        return Objects.equals(a.delta(), b.delta())
                && Objects.equals(a.gamma(), b.gamma())
                && Objects.equals(a.theta(), b.theta())
                && Objects.equals(a.vega(), b.vega())
                && Objects.equals(a.rho(), b.rho())
                && Objects.equals(a.iv(), b.iv())
                && Objects.equals(a.underlyingPrice(), b.underlyingPrice())
                && Objects.equals(a.mark(), b.mark());
    }
}
