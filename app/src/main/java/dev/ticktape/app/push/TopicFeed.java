package dev.ticktape.app.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic's consumer, shared by every client of the process that streams it: all partitions assigned (no
 * consumer group, nothing committed), positioned at the end when it starts, {@code read_committed} so aborted
 * transactions never reach a client. Each record is decoded and framed once, then offered to each matching
 * client's queue; offering never blocks, so a slow client cannot hold up the others (it overflows and is dropped).
 */
final class TopicFeed {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final StreamKind kind;
    private final EventCodec codec;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<StreamClient> clients = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Creates the consumer and resolves its end offsets before returning, so a client subscribed when this returns
     * receives every record written from then on.
     *
     * @param retire asked, on the feed's thread, whether an idle feed may stop (the hub decides under its lock)
     */
    TopicFeed(
            String topic,
            StreamKind kind,
            EventCodec codec,
            KafkaSettings kafka,
            Duration idleLinger,
            Predicate<TopicFeed> retire) {
        this.topic = topic;
        this.kind = kind;
        this.codec = codec;
        Map<String, Object> d = new HashMap<>();
        d.put("isolation.level", "read_committed");
        d.put("enable.auto.commit", "false");
        d.put("auto.offset.reset", "latest");
        d.put("client.id", "ticktape-stream-" + topic);
        this.consumer = new KafkaConsumer<>(kafka.client(d), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, START_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve now, or records written before the first poll would be skipped.
            for (TopicPartition tp : partitions) consumer.position(tp, START_TIMEOUT);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        this.thread = new Thread(() -> run(idleLinger, retire), "ticktape-stream-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    String topic() {
        return topic;
    }

    void add(StreamClient c) {
        clients.add(c);
    }

    void remove(StreamClient c) {
        clients.remove(c);
    }

    boolean idle() {
        return clients.isEmpty();
    }

    private void run(Duration idleLinger, Predicate<TopicFeed> retire) {
        long idleSince = System.nanoTime();
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (clients.isEmpty()) {
                    if (System.nanoTime() - idleSince > idleLinger.toNanos() && retire.test(this)) break;
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) fanOut(r);
            }
        } catch (WakeupException e) {
            // close() woke the poll
        } catch (RuntimeException e) {
            LOG.warn("stream feed for {} failed: {}", topic, e.toString());
            clients.forEach(c -> c.end(StreamClient.SOURCE_FAILED));
        } finally {
            running = false;
            consumer.close(Duration.ZERO);
        }
    }

    private void fanOut(ConsumerRecord<byte[], byte[]> r) {
        StreamEvent e = decode(r);
        if (e == null) return;
        for (StreamClient c : clients) {
            if (c.filter().matches(e)) c.offer(e);
        }
    }

    /** Null for a record no client could use (undecodable: the sinks send those to the DLQ). */
    private StreamEvent decode(ConsumerRecord<byte[], byte[]> r) {
        byte[] v = r.value();
        if (v == null) return null;
        try {
            String venue;
            String symbol;
            String underlying = null;
            List<String> instruments = null;
            if (kind == StreamKind.ALERTS) {
                JsonNode n = codec.readTree(v);
                venue = n.path("venue").asText(null);
                symbol = null;
            } else {
                MarketEvent m = codec.decode(v);
                venue = m.venue();
                symbol = m.symbol();
                if (m instanceof Greeks g) underlying = g.contract().underlying();
                if (m instanceof Gap g) instruments = g.instruments();
                // The topic's JSON is the codec's one-line form; re-encode only what would break SSE framing.
                if (hasLineBreak(v)) v = codec.encode(m);
            }
            if (hasLineBreak(v)) return null;
            return StreamEvent.of(
                    kind.event(), r.topic(), r.partition(), r.offset(), v, venue, symbol, underlying, instruments);
        } catch (RuntimeException ex) {
            LOG.debug("skipping {}-{}-{}: {}", r.topic(), r.partition(), r.offset(), ex.toString());
            return null;
        }
    }

    private static boolean hasLineBreak(byte[] v) {
        for (byte b : v) if (b == '\n' || b == '\r') return true;
        return false;
    }

    /** Asks the consumer thread to stop; it closes the consumer on its way out. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Waits up to {@code timeout} for the consumer thread to end. */
    boolean join(Duration timeout) throws InterruptedException {
        if (Thread.currentThread() != thread) thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    boolean alive() {
        return thread.isAlive();
    }
}
