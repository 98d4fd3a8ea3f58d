package dev.ticktape.app.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes reconciliation alerts to {@code md.alerts}, in the shape the stale-feed monitor uses. */
public final class ReconcileAlerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileAlerts.class);
    public static final String ALERT = "reconcile_mismatch";

    /** Where an alert goes. */
    @FunctionalInterface
    public interface Sink {
        void publish(Map<String, Object> alert);
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final ObjectMapper json = new ObjectMapper();

    public ReconcileAlerts(KafkaSettings kafka) {
        Map<String, Object> d = new HashMap<>();
        d.put("acks", "all");
        d.put("enable.idempotence", "true");
        d.put("client.id", "ticktape-reconcile-alerts");
        this.producer = new KafkaProducer<>(kafka.client(d), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends {@code alert}, keyed {@code reconcile}; a failure is logged, never thrown (the rows are stored). */
    public void publish(Map<String, Object> alert) {
        try {
            producer.send(new ProducerRecord<>(
                    Topics.ALERTS, "reconcile".getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(alert)));
        } catch (Exception e) {
            LOG.warn("could not publish reconcile alert: {}", e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
