package dev.ticktape.app.kafka;

import dev.ticktape.adapters.runtime.ChannelClock;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.PublishCallback;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Topics;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes normalized events to their topics with an idempotent, {@code acks=all} producer. Record key is
 * {@code venue:symbol} and record timestamp is the venue time, so every instrument stays in one partition in order.
 * Dead letters go to {@code md.dlq} with the reason and source also in headers.
 *
 * <p><b>Channels and producer clock ticks.</b> {@link #openChannel} gives each source (a gateway connection, a file,
 * a venue connection) a producer id ({@code <client id>@<host>:<instance>/<channel name>#<n>}, unique per process
 * run). Trades published through a channel carry the id in the {@link ProducerTick#PRODUCER_HEADER} header; the
 * channel's {@link ChannelClock} observes them, and the callback of each send records the {@code md.trades}
 * partition it landed in. One scheduler thread per publisher sends, every tick interval (100 ms by default), a
 * {@link ProducerTick} record (key = producer id, header {@link ProducerTick#TICK_HEADER}, record timestamp = tick) to
 * every partition each open channel has written, skipping a partition whose tick did not change unless a second
 * has passed (a heartbeat). A tick is computed only from trades whose send had returned, so in each partition it
 * follows the trades it covers. Closing a channel sends, once its sends are acknowledged, an end tick to each of its
 * partitions; after that the channel is silent. Publishing through the publisher itself is unchanged: no header,
 * no ticks. Tick sends never throw: failures are counted ({@code ticktape_producer_ticks_failed_total}) and logged at
 * most once a minute.
 */
public final class KafkaEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

    /** Producer defaults tuned for throughput of small records; user settings override them. */
    public static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            "true",
            ProducerConfig.LINGER_MS_CONFIG,
            "5",
            ProducerConfig.BATCH_SIZE_CONFIG,
            Integer.toString(256 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            Long.toString(64L << 20),
            // Backpressure upstream stops reading long before this; a broker outage shorter than this loses nothing.
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            Integer.toString(300_000),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            Integer.toString(60_000));

    /** How often open channels tick. */
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(100);
    /** An unchanged tick is re-sent after this long, so a consumer can tell a quiet producer from a dead one. */
    static final long HEARTBEAT_MS = 1_000;
    /**
     * Ticks are computed this far behind the wall clock: a trade stamped with its receive time just before a tick
     * but handed to the channel just after it must still be above that tick.
     */
    static final long HANDOFF_MARGIN_MS = 10;

    private static final long FAILURE_LOG_INTERVAL_MS = 60_000;
    /** How long {@link #close()} waits for open channels' trades to be acknowledged before their end ticks. */
    private static final long CLOSE_DRAIN_MS = 10_000;

    private static final byte[] NO_VALUE = new byte[0];

    private final KafkaProducer<byte[], byte[]> producer;
    private final EventCodec codec;
    private final KafkaClientMetrics metrics;
    private final String clientId;
    private final String idPrefix;
    private final long tickIntervalMs;
    private final AtomicLong channelSeq = new AtomicLong();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final Counter ticksSent;
    private final Counter ticksFailed;
    private final AtomicLong lastFailureLogMs = new AtomicLong(Long.MIN_VALUE);
    private ScheduledExecutorService ticker; // created with the first channel; guarded by this
    private boolean closed; // guarded by this

    public KafkaEventPublisher(KafkaSettings kafka, String clientId, EventCodec codec, MeterRegistry registry) {
        this(kafka, clientId, codec, registry, DEFAULT_TICK_INTERVAL);
    }

    /** As above, with the interval at which open channels send producer clock ticks. */
    public KafkaEventPublisher(
            KafkaSettings kafka, String clientId, EventCodec codec, MeterRegistry registry, Duration tickInterval) {
        if (tickInterval.toMillis() < 1) throw new IllegalArgumentException("tick interval must be >= 1 ms");
        Map<String, Object> defaults = new HashMap<>(PRODUCER_DEFAULTS);
        defaults.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer =
                new KafkaProducer<>(kafka.client(defaults), new ByteArraySerializer(), new ByteArraySerializer());
        this.codec = codec;
        this.clientId = clientId;
        this.tickIntervalMs = tickInterval.toMillis();
        // The instance part keeps ids unique across restarts of a process with the same host, pid and channel names.
        this.idPrefix = clientId + "@" + host() + ":" + Long.toString(System.currentTimeMillis(), 36) + "/";
        this.metrics = new KafkaClientMetrics(producer, Tags.of("client", clientId));
        metrics.bindTo(registry);
        this.ticksSent = Counter.builder("ticktape.producer.ticks.sent")
                .tag("client", clientId)
                .description("producer clock ticks acknowledged by Kafka (end ticks included)")
                .register(registry);
        this.ticksFailed = Counter.builder("ticktape.producer.ticks.failed")
                .tag("client", clientId)
                .description("producer clock ticks that could not be sent")
                .register(registry);
        Gauge.builder("ticktape.producer.channels", channels, Set::size)
                .tag("client", clientId)
                .description("open publisher channels (sources with a producer clock)")
                .register(registry);
    }

    @Override
    public void publish(MarketEvent event, PublishCallback done) {
        byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(event);
        send(new ProducerRecord<>(event.topic(), null, event.tsMs(), key, value), done);
    }

    @Override
    public void publishDeadLetter(DeadLetter d, PublishCallback done) {
        RecordHeaders h = new RecordHeaders();
        h.add("ticktape.reason", d.reason().code().getBytes(StandardCharsets.UTF_8));
        h.add("ticktape.source", d.source().getBytes(StandardCharsets.UTF_8));
        byte[] key = d.source().getBytes(StandardCharsets.UTF_8);
        send(new ProducerRecord<>(Topics.DLQ, null, d.recvMs(), key, codec.encodeDeadLetter(d), h), done);
    }

    private void send(ProducerRecord<byte[], byte[]> record, PublishCallback done) {
        // A synchronous exception (closed producer, oversized record) propagates: the record was not taken.
        producer.send(record, (md, err) -> done.onComplete(err));
    }

    /**
     * Opens a clocked channel named {@code name} (see the class comment). Every channel gets a new producer id, so a
     * source that reconnects under the same name is a new producer to the topology.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public EventPublisher openChannel(String name) {
        Channel c = new Channel(idPrefix + name + "#" + channelSeq.incrementAndGet());
        synchronized (this) {
            if (closed) throw new IllegalStateException("publisher closed");
            if (ticker == null) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "ticktape-ticks-" + clientId);
                    t.setDaemon(true);
                    return t;
                });
                ticker.scheduleWithFixedDelay(this::tickRound, tickIntervalMs, tickIntervalMs, TimeUnit.MILLISECONDS);
            }
            channels.add(c);
        }
        return c;
    }

    @Override
    public void flush() {
        producer.flush();
    }

    /**
     * Ends every open channel (end ticks behind their trades, once those are acknowledged or after 10 s), then
     * flushes and closes the producer (waiting at most 30 s).
     */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = ticker;
        }
        if (t != null) {
            t.shutdown();
            try {
                if (!t.awaitTermination(5, TimeUnit.SECONDS)) t.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Each channel ends once its sends are acknowledged (it then knows every partition it wrote). Bounded: with
        // the broker down, acks wait for the delivery timeout (minutes), and a stop must not.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_DRAIN_MS);
        while (channels.stream().anyMatch(c -> c.pending.get() > 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        for (Channel c : List.copyOf(channels)) c.end();
        channels.clear();
        producer.close(Duration.ofSeconds(30));
        metrics.close();
    }

    /** Producer id of a channel opened by this publisher (for tests and logs). */
    static String producerId(EventPublisher channel) {
        return ((Channel) channel).id;
    }

    /** On the ticker thread. */
    private void tickRound() {
        try {
            long now = System.currentTimeMillis();
            for (Channel c : channels) c.tick(now);
        } catch (Throwable e) {
            // Never let the periodic task die: a channel that cannot tick must not stop the others for good.
            tickFailed(e);
        }
    }

    private void sendTick(Channel c, int partition, long ts, boolean end) {
        try {
            byte[] value = codec.encodeTick(new ProducerTick(c.id, ts, end));
            Header[] headers = {new RecordHeader(ProducerTick.TICK_HEADER, NO_VALUE)};
            producer.send(
                    new ProducerRecord<>(Topics.TRADES, partition, ts, c.idBytes, value, new RecordHeaders(headers)),
                    (md, err) -> {
                        if (err == null) {
                            ticksSent.increment();
                        } else {
                            tickFailed(err);
                        }
                    });
        } catch (RuntimeException e) {
            tickFailed(e);
        }
    }

    private void tickFailed(Throwable e) {
        ticksFailed.increment();
        long now = System.currentTimeMillis();
        long last = lastFailureLogMs.get();
        if (now - last >= FAILURE_LOG_INTERVAL_MS && lastFailureLogMs.compareAndSet(last, now)) {
            LOG.warn(
                    "{}: producer clock tick not sent ({} failed so far; logged at most once a minute): {}",
                    clientId,
                    (long) ticksFailed.count(),
                    e.toString());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Partitions a channel's trades were acknowledged in: written on the producer's I/O thread, so cheap. */
    static final class WrittenPartitions {
        private final AtomicLong low = new AtomicLong(); // partitions 0..63 as bits
        private final Set<Integer> high = ConcurrentHashMap.newKeySet();

        void add(int partition) {
            if (partition < 0) return;
            if (partition < 64) {
                long bit = 1L << partition;
                long cur;
                while (((cur = low.get()) & bit) == 0 && !low.compareAndSet(cur, cur | bit)) {
                    Thread.onSpinWait();
                }
            } else {
                high.add(partition);
            }
        }

        List<Integer> list() {
            List<Integer> out = new ArrayList<>();
            long bits = low.get();
            while (bits != 0) {
                out.add(Long.numberOfTrailingZeros(bits));
                bits &= bits - 1;
            }
            high.stream().sorted().forEach(out::add);
            return out;
        }
    }

    /** The last tick sent to one partition; ticker thread only. */
    private static final class Sent {
        long ts = ChannelClock.NO_TICK;
        long atMs;
    }

    /** One source's view of the publisher, with its producer clock. */
    private final class Channel implements EventPublisher {
        final String id;
        final byte[] idBytes;
        final ChannelClock clock = new ChannelClock();
        final WrittenPartitions written = new WrittenPartitions();
        /**
         * Two per trade in progress: one until its send is acknowledged (its partition is then known), one until
         * the clock has observed it. The end tick waits for zero, so it covers every trade and every partition.
         */
        final AtomicInteger pending = new AtomicInteger();

        final Map<Integer, Sent> sent = new HashMap<>(); // ticker thread only (and close, after the ticker stopped)
        volatile boolean closing;
        boolean ended; // ticker thread only

        Channel(String id) {
            this.id = id;
            this.idBytes = id.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void publish(MarketEvent event, PublishCallback done) {
            if (!(event instanceof Trade t)) {
                if (closing) throw closedError();
                KafkaEventPublisher.this.publish(event, done);
                return;
            }
            pending.addAndGet(2);
            if (closing) { // checked after counting: an end tick either waits for this trade or it is refused
                pending.addAndGet(-2);
                throw closedError();
            }
            Header[] headers = {new RecordHeader(ProducerTick.PRODUCER_HEADER, idBytes)};
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    Topics.TRADES,
                    null,
                    t.tsMs(),
                    t.key().getBytes(StandardCharsets.UTF_8),
                    codec.encode(t),
                    new RecordHeaders(headers));
            try {
                producer.send(record, (md, err) -> {
                    if (err == null) written.add(md.partition());
                    pending.decrementAndGet();
                    done.onComplete(err);
                });
            } catch (RuntimeException e) {
                pending.addAndGet(-2); // not taken: the callback will not run
                throw e;
            }
            // After the send returned: a tick that includes this trade is appended behind it.
            clock.observe(t.tsMs(), t.recvMs());
            pending.decrementAndGet();
        }

        @Override
        public void publishDeadLetter(DeadLetter deadLetter, PublishCallback done) {
            if (closing) throw closedError();
            KafkaEventPublisher.this.publishDeadLetter(deadLetter, done);
        }

        @Override
        public void flush() {
            producer.flush();
        }

        /** Ends the channel: its end ticks go out on the ticker thread once its trades are acknowledged. */
        @Override
        public void close() {
            if (closing) return;
            closing = true;
            try {
                ScheduledExecutorService t;
                synchronized (KafkaEventPublisher.this) {
                    t = ticker;
                }
                if (t != null) t.execute(() -> tick(System.currentTimeMillis()));
            } catch (RejectedExecutionException e) {
                // the publisher is closing: its close() ends this channel
            }
        }

        @Override
        public EventPublisher openChannel(String name) {
            return KafkaEventPublisher.this.openChannel(name);
        }

        /** On the ticker thread: a regular tick per written partition, or the end once closed and drained. */
        void tick(long now) {
            if (ended) return;
            if (closing && pending.get() == 0) {
                end();
                return;
            }
            long ts = clock.tickAt(now - HANDOFF_MARGIN_MS);
            if (ts == ChannelClock.NO_TICK) return;
            for (int p : written.list()) {
                Sent s = sent.computeIfAbsent(p, k -> new Sent());
                if (ts == s.ts && now - s.atMs < HEARTBEAT_MS) continue;
                sendTick(this, p, ts, false);
                s.ts = ts;
                s.atMs = now;
            }
        }

        /** Sends the end tick to every partition written, once; the channel is silent afterwards. */
        void end() {
            if (ended) return;
            ended = true;
            closing = true;
            channels.remove(this);
            long ts = clock.endTick();
            if (ts == ChannelClock.NO_TICK) return;
            for (int p : written.list()) sendTick(this, p, ts, true);
        }

        private IllegalStateException closedError() {
            return new IllegalStateException("channel " + id + " is closed");
        }

        @Override
        public String toString() {
            return id;
        }
    }
}
