package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    @Test
    void defaultsMatchTheContract() {
        SinkConfig c = SinkConfig.defaults("127.0.0.1:9092");

        assertThat(c.groupId()).isEqualTo("ticktape-sink-duckdb");
        assertThat(c.topics()).containsExactly("md.bars.1s", "md.bars.1m");
        assertThat(c.dlqTopic()).isEqualTo("md.dlq");
        assertThat(c.maxBatchRows()).isEqualTo(5000);
        assertThat(c.maxBatchDelay()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void overridesAreCopiedInAndOut() {
        Properties p = new Properties();
        p.put("security.protocol", "SSL");
        SinkConfig c = SinkConfig.defaults("h:1").withKafkaOverrides(p);
        p.put("security.protocol", "PLAINTEXT");
        c.kafkaOverrides().put("security.protocol", "SASL_SSL");

        assertThat(c.kafkaOverrides()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void rejectsUnusableSettings() {
        SinkConfig c = SinkConfig.defaults("h:1");
        assertThatThrownBy(() -> c.withBatching(0, Duration.ZERO)).hasMessageContaining("maxBatchRows");
        assertThatThrownBy(() -> c.withTopics(List.of(), "dlq")).hasMessageContaining("topic");
        assertThatThrownBy(() -> SinkConfig.defaults(" ")).hasMessageContaining("bootstrap");
    }
}
