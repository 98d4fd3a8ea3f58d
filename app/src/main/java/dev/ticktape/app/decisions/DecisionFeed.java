package dev.ticktape.app.decisions;

import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed decisions from {@code md.decisions} and hands each poll's lines to one {@link LineSink}.
 *
 * <p>With a consumer group, offsets are committed only after the sink took the lines, so a restart re-delivers what
 * was not confirmed (at-least-once; consumers dedupe on {@code run_id + ts_ms + venue + symbol}). A sink that
 * throws gets the same lines again after a second, and nothing past them is committed. Without a group (live
 * subscribers) the feed starts at the end of the topic and commits nothing.
 */
final class DecisionFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RETRY_MS = 1000;

    private final String name;
    private final LineSink sink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param groupId the consumer group whose offsets record delivery, or null to follow from the end */
    DecisionFeed(String name, KafkaSettings kafka, String groupId, LineSink sink) {
        this.name = name;
        this.sink = sink;
        Map<String, Object> d = new HashMap<>();
        d.put("isolation.level", "read_committed");
        d.put("enable.auto.commit", "false");
        d.put("client.id", "ticktape-decisions-" + name);
        if (groupId != null) {
            d.put("group.id", groupId);
            d.put("auto.offset.reset", "earliest");
        } else {
            d.put("auto.offset.reset", "latest");
        }
        consumer = new KafkaConsumer<>(kafka.client(d), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (groupId != null) {
            consumer.subscribe(List.of(Topics.DECISIONS));
        } else {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DECISIONS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.DECISIONS, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition tp : partitions) consumer.position(tp, Duration.ofSeconds(30));
        }
        thread = new Thread(() -> run(groupId != null), "ticktape-decisions-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run(boolean commit) {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) continue;
                List<byte[]> lines = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.value() != null) lines.add(r.value());
                }
                deliver(lines);
                if (commit && running) consumer.commitSync();
            }
        } catch (WakeupException e) {
            // close() woke the poll
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("decision sink {} stopped: {}", name, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Retries until the sink takes the lines or the feed is closed. */
    private void deliver(List<byte[]> lines) throws InterruptedException {
        boolean logged = false;
        while (running) {
            try {
                sink.write(lines);
                if (logged) LOG.info("decision sink {} writes again", name);
                return;
            } catch (IOException e) {
                if (!logged) LOG.warn("decision sink {} cannot write, retrying every second: {}", name, e.getMessage());
                logged = true;
                TimeUnit.MILLISECONDS.sleep(RETRY_MS); // a failing disk: nothing to wait on but time
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
