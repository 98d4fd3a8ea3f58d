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
final class KafkaAudit implements AutoCloseable {
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

    private final String venue;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final EventCodec codec = new EventCodec();
    private final BitSet accepted = new BitSet();
    private final BitSet late = new BitSet();
    private long records, dups, foreign, malformed, cut;

    /** Subscribes to the three topics from their start; reading happens in {@link #catchUp}. */
    KafkaAudit(String bootstrap, String venue) {
        this.venue = venue;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ticktape-chaos-audit");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (String topic : List.of(Topics.TRADES, Topics.LATE, Topics.DLQ)) {
            for (PartitionInfo pi : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, pi.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads on to the topics' last committed offsets as of now; {@code sent}: the highest trade id the load sent.
     * The snapshot holds everything read since the start.
     */
    Snapshot catchUp(long sent, Duration timeout) throws IOException {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reachedEnd(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("could not read md.trades/md.late/md.dlq to their end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.value() != null) count(r, sent);
            }
        }
        return new Snapshot((BitSet) accepted.clone(), records, dups, foreign, (BitSet) late.clone(), malformed, cut);
    }

    private void count(ConsumerRecord<byte[], byte[]> r, long sent) {
        if (r.topic().equals(Topics.DLQ)) {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            if (v.contains(MalformedBurst.MARKER)) malformed++;
            else if (v.contains(TradeFeed.CUT_MARKER)) cut++;
            return;
        }
        if (r.headers().lastHeader(ProducerTick.TICK_HEADER) != null) return;
        Trade t = trade(codec, r.value());
        if (t == null || !venue.equals(t.venue())) return;
        long id = id(t.tradeId());
        boolean ours = id >= 1 && id <= sent;
        if (r.topic().equals(Topics.LATE)) {
            if (ours) late.set((int) id);
            return;
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

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
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
