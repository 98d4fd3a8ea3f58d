package dev.ticktape.app.decisions;

import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.GateSetting;
import dev.ticktape.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes gate settings to the compacted {@code md.decisions.gate} (key = scope), and tombstones for scopes a
 * source no longer sets, waiting for the broker's acknowledgement so a caller can say the gate changed.
 */
final class GatePublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    GatePublisher(KafkaSettings kafka) {
        Map<String, Object> d = new HashMap<>();
        d.put("acks", "all");
        d.put("client.id", "ticktape-decisions-gate");
        producer = new KafkaProducer<>(kafka.client(d), new ByteArraySerializer(), new ByteArraySerializer());
    }

    void publish(Collection<GateSetting> settings) {
        for (GateSetting s : settings) send(s.scope(), s.toJson());
        producer.flush();
    }

    /** Clears the settings of {@code scopes}: a tombstone means "no setting", i.e. open unless a wider scope says. */
    void clear(Collection<String> scopes) {
        for (String scope : scopes) send(scope, null);
        producer.flush();
    }

    private void send(String scope, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.DECISION_GATE, scope.getBytes(StandardCharsets.UTF_8), value))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("gate setting for " + scope + " not acknowledged: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the gate", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
