package dev.ticktape.persistence;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.codec.EventCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends records the sink cannot store to the dead-letter topic, with the raw bytes, the reason and their
 * coordinates ({@code topic:<t>/<p>@<offset>}) as source. Sends are asynchronous; the worker waits for the acks
 * ({@link #awaitAcks}) before it commits offsets past the rejected records.
 */
final class DeadLetterPublisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final EventCodec codec;
    private final Duration ackTimeout;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, EventCodec codec, Duration ackTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.codec = codec;
        this.ackTimeout = ackTimeout;
    }

    Future<RecordMetadata> publish(
            ConsumerRecord<byte[], byte[]> record, byte[] raw, InvalidEventException e, long nowMs) {
        String source = "topic:" + record.topic() + "/" + record.partition() + "@" + record.offset();
        byte[] value = codec.encodeDeadLetter(new DeadLetter(e.reason(), e.detail(), source, nowMs, raw, false));
        return producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), value));
    }

    /** Waits until every send is acknowledged; throws when one failed or timed out. */
    void awaitAcks(List<Future<RecordMetadata>> acks) throws DeadLetterException {
        if (acks.isEmpty()) return;
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new DeadLetterException(
                    "dead-letter send failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterException("dead-letter send not acknowledged within " + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while waiting for dead-letter acks", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The dead-letter topic did not take a record; the batch must not be committed. */
    static final class DeadLetterException extends Exception {
        private static final long serialVersionUID = 1L;

        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
