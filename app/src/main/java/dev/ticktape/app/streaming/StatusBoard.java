package dev.ticktape.app.streaming;

import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest status of every adapter connection, read from {@code md.status} (so adapters in other processes
 * count too). Starts two minutes back so connections that are up and only heartbeating are known at once.
 *
 * <p>A status is a snapshot as of its heartbeat (every 10 s by default), so {@link #snapshot()} works out the
 * moving numbers when asked: for an adapter running in this process, the last-message time and the rate come
 * live from its meters ({@link LocalFeeds}); for one elsewhere, the rate is the one between its last two statuses.
 * Either way a DISCONNECTED connection, or one whose statuses stopped coming, reports 0 messages/s.
 */
public final class StatusBoard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);
    private static final Duration LOOKBACK = Duration.ofMinutes(2);

    /** What is known of one connection ({@code venue:CONN}). */
    public record Entry(
            String venue,
            String connection,
            Status.State state,
            long sinceMs,
            long lastStatusMs,
            long lastMessageMs,
            boolean marketOpen,
            long messages,
            long reconnects,
            double messagesPerSecond,
            String detail) {}

    /** Live numbers of the adapters running in this process, by venue. */
    @FunctionalInterface
    public interface LocalFeeds {
        Optional<Live> live(String venue);
    }

    /** What a local adapter's meters say now. */
    public record Live(long lastMessageMs, double messagesPerSecond) {}

    /** A status not followed by another within this many of its intervals means its publisher stopped. */
    private static final int MISSED_HEARTBEATS = 3;

    private volatile LocalFeeds local = venue -> Optional.empty();
    private final Map<String, Long> intervals = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public StatusBoard(KafkaSettings kafka) {
        Map<String, Object> d = new HashMap<>();
        d.put("enable.auto.commit", "false");
        d.put("client.id", "ticktape-status-board");
        this.consumer = new KafkaConsumer<>(kafka.client(d), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "status-board");
        thread.setDaemon(true);
    }

    /** Where to read the live numbers of adapters running in this process. */
    public void useLocalFeeds(LocalFeeds feeds) {
        this.local = feeds;
    }

    public void start() {
        List<TopicPartition> parts = consumer.partitionsFor(Topics.STATUS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(parts);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - LOOKBACK.toMillis();
        parts.forEach(p -> since.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        for (TopicPartition p : parts) {
            OffsetAndTimestamp o = offsets.get(p);
            if (o == null) consumer.seekToEnd(List.of(p));
            else consumer.seek(p, o.offset());
        }
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) apply(r.value());
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("status board stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    void apply(byte[] value) {
        MarketEvent e;
        try {
            e = codec.decode(value, 0, value.length, EventCodec.DEFAULT_VENUE);
        } catch (InvalidEventException ex) {
            return; // not ours to judge; producers of md.status are adapters
        }
        if (!(e instanceof Status s)) return;
        String key = s.key();
        Entry prev = entries.get(key);
        Map<String, Long> c = s.counters();
        long messages = c.getOrDefault("messages", 0L);
        Long age = c.get("last_message_age_ms");
        long lastMessage = age != null
                ? s.tsMs() - age
                : prev != null && messages == prev.messages() ? prev.lastMessageMs() : s.tsMs();
        long since = prev != null && prev.state() == s.state() ? prev.sinceMs() : s.tsMs();
        double rate = 0;
        if (prev != null && s.tsMs() > prev.lastStatusMs() && messages >= prev.messages()) {
            rate = (messages - prev.messages()) * 1000.0 / (s.tsMs() - prev.lastStatusMs());
            // Heartbeats are periodic, transitions are not: remember the longest gap seen as the period.
            intervals.merge(key, s.tsMs() - prev.lastStatusMs(), Math::max);
        }
        entries.put(
                key,
                new Entry(
                        s.venue(),
                        s.symbol(),
                        s.state(),
                        since,
                        s.tsMs(),
                        lastMessage,
                        c.getOrDefault("market_open", 1L) != 0,
                        messages,
                        c.getOrDefault("reconnects", 0L),
                        rate,
                        s.detail()));
    }

    /** Every connection as of now (see the class comment for which numbers are live). */
    public Map<String, Entry> snapshot() {
        long now = System.currentTimeMillis();
        Map<String, Entry> out = new HashMap<>();
        entries.forEach((k, e) -> out.put(k, asOf(k, e, now)));
        return Map.copyOf(out);
    }

    private Entry asOf(String key, Entry e, long now) {
        if (e.state() == Status.State.DISCONNECTED) return withLive(e, e.lastMessageMs(), 0);
        Optional<Live> live = local.live(e.venue());
        if (live.isPresent())
            return withLive(e, live.get().lastMessageMs(), live.get().messagesPerSecond());
        Long interval = intervals.get(key);
        boolean silent = interval != null && now - e.lastStatusMs() > MISSED_HEARTBEATS * interval;
        return silent ? withLive(e, e.lastMessageMs(), 0) : e;
    }

    private static Entry withLive(Entry e, long lastMessageMs, double rate) {
        return new Entry(
                e.venue(),
                e.connection(),
                e.state(),
                e.sinceMs(),
                e.lastStatusMs(),
                lastMessageMs,
                e.marketOpen(),
                e.messages(),
                e.reconnects(),
                rate,
                e.detail());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
