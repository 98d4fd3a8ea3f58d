package dev.ticktape.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @Test
    void userSettingsFromTheFileWinOverDefaultsUntouched(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, "linger.ms=50\nsecurity.protocol=SASL_SSL\nsasl.jaas.config=secret\n");
        KafkaSettings s = new KafkaSettings("h:1", KafkaSettings.load(f));
        Properties p = s.client(Map.of("linger.ms", "5", "acks", "all"));
        assertThat(p)
                .containsEntry("linger.ms", "50")
                .containsEntry("acks", "all")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "h:1");
    }

    @Test
    void missingConfigFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> KafkaSettings.load(dir.resolve("nope.properties")))
                .hasMessageContaining("cannot read Kafka config");
    }
}
