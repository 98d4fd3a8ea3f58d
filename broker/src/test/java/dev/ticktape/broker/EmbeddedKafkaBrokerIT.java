package dev.ticktape.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @Test
    void aTakenFixedPortFailsAtOnceNamingThePortInsteadOfRetryingIt(@TempDir Path dir) throws Exception {
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = holder.getLocalPort();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(
                            new BrokerConfig(dir.resolve("kafka"), "127.0.0.1", port, 0, Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + port + " is in use (kafka broker on 127.0.0.1); choose another broker port");
            // Fails before Kafka starts: no formatting, no retries.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void keepsRecordsAcrossARestartOnTheSameLogDir(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir))) {
            try (Admin admin = Admin.create(props(broker))) {
                admin.createTopics(List.of(new NewTopic("t", Optional.of(2), Optional.empty())))
                        .all()
                        .get();
            }
            Properties pp = props(broker);
            pp.put("acks", "all");
            pp.put("enable.idempotence", "true");
            try (KafkaProducer<String, String> p =
                    new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++)
                    p.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerConfig.ephemeral(dir))) {
            Properties cp = props(broker);
            cp.put("group.id", "g");
            cp.put("auto.offset.reset", "earliest");
            int seen = 0;
            try (KafkaConsumer<String, String> c =
                    new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("t"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen < 100 && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> recs = c.poll(Duration.ofMillis(200));
                    seen += recs.count();
                }
            }
            assertThat(seen).isEqualTo(100);
        }
    }

    private static Properties props(EmbeddedKafkaBroker b) {
        Properties p = new Properties();
        p.put("bootstrap.servers", b.bootstrapServers());
        return p;
    }
}
