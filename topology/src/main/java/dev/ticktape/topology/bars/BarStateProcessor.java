package dev.ticktape.topology.bars;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.topology.SeriesKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the final bars queryable: the latest bar per instrument and interval, and the 1s bars of the last
 * {@code window} of event time per instrument. Fed with final bars only (JSON values), so it does a little work
 * per bar, none per trade. Terminal: forwards nothing.
 *
 * <p>Keys: latest {@code [interval label]|[venue:symbol]}; recent {@code [venue:symbol][0x00][8-byte start]}, so
 * one instrument's bars form one ordered key range.
 */
public final class BarStateProcessor implements Processor<byte[], byte[], Void, Void> {
    private static final Duration EVICT_EVERY = Duration.ofSeconds(30);

    private final String latestStore;
    private final String recentStore;
    private final long windowMs;
    private final EventCodec codec;
    private KeyValueStore<Bytes, byte[]> latest;
    private KeyValueStore<Bytes, byte[]> recent;
    private final KeysByStart recentByStart = new KeysByStart();
    private long maxStart = Long.MIN_VALUE;

    public BarStateProcessor(String latestStore, String recentStore, Duration window, EventCodec codec) {
        this.latestStore = latestStore;
        this.recentStore = recentStore;
        this.windowMs = window.toMillis();
        this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        latest = context.getStateStore(latestStore);
        recent = context.getStateStore(recentStore);
        // Once per task start (the store may hold a restored window): later evictions touch only what they drop.
        recentByStart.clear();
        maxStart = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = recent.all()) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                long start = recentStart(key);
                recentByStart.add(start, key);
                maxStart = Math.max(maxStart, start);
            }
        }
        context.schedule(EVICT_EVERY, PunctuationType.WALL_CLOCK_TIME, t -> evict());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Bar bar;
        try {
            MarketEvent e = codec.decode(record.value(), 0, record.value().length, EventCodec.DEFAULT_VENUE);
            if (!(e instanceof Bar b)) return;
            bar = b;
        } catch (InvalidEventException e) {
            return; // the roll-up already dead-lettered it
        }
        String instrument = bar.key();
        Bytes latestKey = latestKey(bar.interval(), instrument);
        byte[] prev = latest.get(latestKey);
        if (prev == null || startOf(prev) <= bar.tsMs()) latest.put(latestKey, record.value());
        if (bar.interval() == BarInterval.S1) {
            Bytes key = recentKey(instrument, bar.tsMs());
            recent.put(key, record.value());
            recentByStart.add(bar.tsMs(), key);
            maxStart = Math.max(maxStart, bar.tsMs());
        }
    }

    private long startOf(byte[] json) {
        return codec.decode(json, 0, json.length, EventCodec.DEFAULT_VENUE).tsMs();
    }

    /** Drops 1s bars older than the window behind the newest bar this task has seen. */
    private void evict() {
        if (maxStart == Long.MIN_VALUE) return;
        for (Bytes k : recentByStart.removeBefore(maxStart - windowMs)) recent.delete(k);
    }

    public static Bytes latestKey(BarInterval interval, String instrumentKey) {
        return Bytes.wrap((interval.label() + "|" + instrumentKey).getBytes(StandardCharsets.US_ASCII));
    }

    public static Bytes recentKey(String instrumentKey, long start) {
        return SeriesKeys.of(instrumentKey, start);
    }

    static long recentStart(Bytes key) {
        return SeriesKeys.start(key);
    }
}
