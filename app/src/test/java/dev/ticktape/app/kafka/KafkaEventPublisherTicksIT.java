package dev.ticktape.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.PublishCallback;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.broker.TopicReadiness;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Topics;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Producer clock ticks on a real broker: two channels of one {@link KafkaEventPublisher} (a live source about 50 ms
 * behind the wall clock and a historical replay) publish trades, and {@code md.trades} is read back with a plain
 * consumer.
 */
@ExtendWith(SharedKafkaBroker.class)
@Timeout(120)
class KafkaEventPublisherTicksIT {
    private static final int PARTITIONS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long DAY = 86_400_000L;

    private final EventCodec codec = new EventCodec();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private KafkaEventPublisher publisher;
    private KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void topic() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get().contains(Topics.TRADES)) {
                admin.createTopics(List.of(new NewTopic(Topics.TRADES, Optional.of(PARTITIONS), Optional.empty())))
                        .all()
                        .get();
            }
            TopicReadiness.await(admin, List.of(Topics.TRADES), Duration.ofSeconds(30));
        }
    }

    @AfterEach
    void stop() {
        if (publisher != null) publisher.close();
        if (consumer != null) consumer.close();
    }

    @Test
    void channelsStampTradesAndTickEveryPartitionTheyWroteBehindTheTradesTheyCover() {
        publisher = new KafkaEventPublisher(
                new KafkaSettings(SharedKafkaBroker.bootstrapServers(), new Properties()),
                "it-ticks",
                codec,
                meters,
                Duration.ofMillis(100));
        EventPublisher live = publisher.openChannel("tcp:127.0.0.1:50001");
        EventPublisher replay = publisher.openChannel("file:old.ndjson");
        String liveId = KafkaEventPublisher.producerId(live);
        String replayId = KafkaEventPublisher.producerId(replay);
        assertThat(liveId).startsWith("it-ticks@").contains("/tcp:127.0.0.1:50001#");
        assertThat(replayId).contains("/file:old.ndjson#").isNotEqualTo(liveId);
        consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.assign(IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(Topics.TRADES, p))
                .toList());
        consumer.seekToBeginning(consumer.assignment());

        // Two bursts each, with ticks flowing in between; plus one trade published without a channel.
        long replayStart = System.currentTimeMillis() - DAY;
        for (int burst = 0; burst < 2; burst++) {
            for (int i = 0; i < 40; i++) {
                long now = System.currentTimeMillis();
                live.publish(new Trade("it", "LIVE" + (i % 6), now - 50, now, 100 + i, 1), failOnError());
                replay.publish(
                        new Trade("it", "OLD" + (i % 6), replayStart + burst * 1000 + i, now, 50, 1), failOnError());
            }
            long sent = ticksSent();
            await().atMost(DEADLINE).until(() -> ticksSent() >= sent + 4);
        }
        long now = System.currentTimeMillis();
        publisher.publish(new Trade("it", "PLAIN", now, now, 1, 1), failOnError());

        await().atMost(DEADLINE).pollInSameThread().until(() -> {
            poll();
            return trades(liveId).size() == 80
                    && trades(replayId).size() == 80
                    && partitionsOf(ticks(liveId)).equals(partitionsOf(trades(liveId)))
                    && partitionsOf(ticks(replayId)).equals(partitionsOf(trades(replayId)));
        });
        assertThat(failures).isEmpty();
        Set<Integer> livePartitions = partitionsOf(trades(liveId));
        Set<Integer> replayPartitions = partitionsOf(trades(replayId));
        assertThat(livePartitions).as("six instruments over four partitions").hasSizeGreaterThan(1);

        // Every trade through a channel carries its producer id; the one published directly carries none.
        assertThat(records.stream()
                        .filter(r -> !isTick(r))
                        .filter(r -> text(r.key()).startsWith("it:LIVE")))
                .hasSize(80)
                .allMatch(r -> liveId.equals(producerOf(r)));
        assertThat(records.stream()
                        .filter(r -> !isTick(r))
                        .filter(r -> text(r.key()).startsWith("it:OLD")))
                .hasSize(80)
                .allMatch(r -> replayId.equals(producerOf(r)));
        await().atMost(DEADLINE).pollInSameThread().until(() -> {
            poll();
            return records.stream().anyMatch(r -> text(r.key()).equals("it:PLAIN"));
        });
        assertThat(records.stream().filter(r -> text(r.key()).equals("it:PLAIN")))
                .singleElement()
                .satisfies(r -> assertThat(producerOf(r)).isNull());

        // Live: the clock runs on with the wall clock (ticks above its newest trade). Replay: event time only.
        long liveMax = trades(liveId).stream()
                .mapToLong(ConsumerRecord::timestamp)
                .max()
                .orElseThrow();
        await().atMost(DEADLINE).pollInSameThread().until(() -> {
            poll();
            return ticks(liveId).stream().anyMatch(r -> tick(r).tsMs() > liveMax + 200);
        });
        long replayMax = replayStart + 1000 + 39;
        assertThat(ticks(replayId)).allSatisfy(r -> assertThat(tick(r).tsMs()).isLessThanOrEqualTo(replayMax));
        assertThat(ticks(replayId)).anyMatch(r -> tick(r).tsMs() == replayMax);

        // A historical source that stopped ticks only as a heartbeat (about once a second, not every 100 ms).
        int replayTicksBefore = ticks(replayId).size();
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(5))
                .pollInSameThread()
                .until(() -> {
                    poll();
                    return ticks(replayId).size() <= replayTicksBefore + 5 * replayPartitions.size();
                });

        // Closing the live channel: one end tick per partition it wrote, then silence.
        live.close();
        Set<Integer> written = livePartitions;
        await().atMost(DEADLINE).pollInSameThread().until(() -> {
            poll();
            return partitionsOf(endTicks(liveId)).equals(written);
        });
        int liveTicksAfterEnd = ticks(liveId).size();
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .pollInSameThread()
                .until(() -> {
                    poll();
                    return ticks(liveId).size() == liveTicksAfterEnd;
                });
        assertThat(endTicks(liveId)).hasSize(written.size());
        assertThat(endTicks(liveId)).allSatisfy(r -> assertThat(tick(r).tsMs()).isGreaterThanOrEqualTo(liveMax));

        // Closing the publisher ends the replay channel too.
        publisher.close();
        Set<Integer> replayWritten = replayPartitions;
        await().atMost(DEADLINE).pollInSameThread().until(() -> {
            poll();
            return partitionsOf(endTicks(replayId)).equals(replayWritten);
        });
        assertThat(endTicks(replayId))
                .hasSize(replayWritten.size())
                .allSatisfy(r -> assertThat(tick(r).tsMs()).isEqualTo(replayMax));

        for (String id : List.of(liveId, replayId)) assertTickInvariants(id);
        assertThat(meters.get("ticktape.producer.ticks.failed").counter().count())
                .isZero();
    }

    /**
     * Per partition: ticks non-decreasing, each behind every trade it covers (no later trade of the producer is below
     * it; several prints of one millisecond may share the tick's value), the end tick last.
     */
    private void assertTickInvariants(String id) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = records.stream()
                .filter(r -> id.equals(isTick(r) ? text(r.key()) : producerOf(r)))
                .collect(Collectors.groupingBy(ConsumerRecord::partition));
        assertThat(byPartition).isNotEmpty();
        for (var e : byPartition.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> rs = e.getValue(); // in offset order
            long lastTick = Long.MIN_VALUE;
            for (int i = 0; i < rs.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = rs.get(i);
                if (!isTick(r)) continue;
                ProducerTick t = tick(r);
                assertThat(t.producer()).isEqualTo(id);
                assertThat(r.timestamp()).as("record timestamp = tick").isEqualTo(t.tsMs());
                assertThat(t.tsMs())
                        .as("ticks of %s in partition %d never go back", id, e.getKey())
                        .isGreaterThanOrEqualTo(lastTick);
                lastTick = t.tsMs();
                for (ConsumerRecord<byte[], byte[]> later : rs.subList(i + 1, rs.size())) {
                    if (!isTick(later)) {
                        assertThat(later.timestamp())
                                .as("a trade after tick %d at offset %d", t.tsMs(), r.offset())
                                .isGreaterThanOrEqualTo(t.tsMs());
                    }
                }
                if (t.end())
                    assertThat(i)
                            .as("the end tick is the producer's last record")
                            .isEqualTo(rs.size() - 1);
            }
        }
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) records.add(r);
    }

    private List<ConsumerRecord<byte[], byte[]>> trades(String id) {
        return select(r -> !isTick(r) && id.equals(producerOf(r)));
    }

    private List<ConsumerRecord<byte[], byte[]>> ticks(String id) {
        return select(r -> isTick(r) && id.equals(text(r.key())));
    }

    private List<ConsumerRecord<byte[], byte[]>> endTicks(String id) {
        return select(r -> isTick(r) && id.equals(text(r.key())) && tick(r).end());
    }

    private List<ConsumerRecord<byte[], byte[]>> select(Predicate<ConsumerRecord<byte[], byte[]>> p) {
        return records.stream().filter(p).toList();
    }

    private static Set<Integer> partitionsOf(List<ConsumerRecord<byte[], byte[]>> rs) {
        return rs.stream().map(ConsumerRecord::partition).collect(Collectors.toCollection(TreeSet::new));
    }

    private ProducerTick tick(ConsumerRecord<byte[], byte[]> r) {
        return codec.decodeTick(r.value());
    }

    private static boolean isTick(ConsumerRecord<byte[], byte[]> r) {
        return r.headers().lastHeader(ProducerTick.TICK_HEADER) != null;
    }

    private static String producerOf(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(ProducerTick.PRODUCER_HEADER);
        return h == null ? null : text(h.value());
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    private long ticksSent() {
        return (long) meters.get("ticktape.producer.ticks.sent").counter().count();
    }

    private PublishCallback failOnError() {
        return err -> {
            if (err != null) failures.add(err);
        };
    }
}
