package dev.ticktape.app.chaos;

import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Topics;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the platform's log says happened to the load, read {@code read_committed} from the start of the topics,
 * as Kafka's exactly-once verifier reads its output: which of the sent trade ids the gateway accepted
 * ({@code md.trades}), which went to {@code md.late}, and how many marked malformed or cut lines were
 * dead-lettered ({@code md.dlq}). This is the "accepted" side of the verdict; the stores are the other.
 */
final class KafkaAudit {
    /**
     * @param accepted       trade ids found on {@code md.trades}
     * @param records        trade records of the load's venue on {@code md.trades}
     * @param logDuplicates  records whose id was already seen (the log holds a trade twice)
     * @param foreign        trades of the load's venue whose id the load never sent
     * @param late           trade ids found on {@code md.late}
     * @param dlqMalformed   dead letters of the malformed burst
     * @param dlqCut         dead letters of lines cut mid-way
     */
    record Snapshot(
            BitSet accepted,
            long records,
            long logDuplicates,
            long foreign,
            BitSet late,
            long dlqMalformed,
            long dlqCut) {}

    private final String bootstrap;
    private final String venue;

    KafkaAudit(String bootstrap, String venue) {
        this.bootstrap = bootstrap;
        this.venue = venue;
    }

    /** Reads the three topics to their last committed offset; {@code sent}: the highest trade id sent. */
    Snapshot read(long sent, Duration timeout) throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ticktape-chaos-audit");
        EventCodec codec = new EventCodec();
        BitSet accepted = new BitSet();
        BitSet late = new BitSet();
        long records = 0, dups = 0, foreign = 0, malformed = 0, cut = 0;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : List.of(Topics.TRADES, Topics.LATE, Topics.DLQ)) {
                for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                    parts.add(new TopicPartition(topic, pi.partition()));
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("could not read md.trades/md.late/md.dlq to their end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) continue;
                    switch (r.topic()) {
                        case Topics.DLQ -> {
                            String v = new String(r.value(), StandardCharsets.UTF_8);
                            if (v.contains(MalformedBurst.MARKER)) malformed++;
                            else if (v.contains(TradeFeed.CUT_MARKER)) cut++;
                        }
                        case Topics.TRADES, Topics.LATE -> {
                            if (r.headers().lastHeader(ProducerTick.TICK_HEADER) != null) continue;
                            Trade t = trade(codec, r.value());
                            if (t == null || !venue.equals(t.venue())) continue;
                            long id = id(t.tradeId());
                            boolean ours = id >= 1 && id <= sent;
                            if (r.topic().equals(Topics.LATE)) {
                                if (ours) late.set((int) id);
                                continue;
                            }
                            records++;
                            if (!ours) {
                                foreign++;
                            } else if (accepted.get((int) id)) {
                                dups++;
                            } else {
                                accepted.set((int) id);
                            }
                        }
                        default -> {}
                    }
                }
            }
        }
        return new Snapshot(accepted, records, dups, foreign, late, malformed, cut);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private static Trade trade(EventCodec codec, byte[] value) {
        try {
            MarketEvent e = codec.decode(value);
            return e instanceof Trade t ? t : null;
        } catch (RuntimeException e) {
            return null; // not a trade record (a late 1s bar, say): not ours to count
        }
    }

    private static long id(String tradeId) {
        if (tradeId == null) return -1;
        try {
            return Long.parseLong(tradeId);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
