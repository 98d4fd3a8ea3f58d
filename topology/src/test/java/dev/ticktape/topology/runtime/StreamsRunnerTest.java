package dev.ticktape.topology.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.topology.TopologyConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsRunnerTest {
    @Test
    void configuresExactlyOnceWithFastCommitsAndLetsOverridesWin() {
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250);
        overrides.put("producer.linger.ms", 1);

        Properties p = StreamsRunner.properties("bars-it", "127.0.0.1:9092", Path.of("state"), 2, 1, overrides);

        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("bars-it");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
        assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250);
        assertThat(p.get("producer.linger.ms")).isEqualTo(1);
        assertThat(p.get(StreamsConfig.STATE_DIR_CONFIG))
                .isEqualTo(Path.of("state").toAbsolutePath().toString());
        // The whole set must be acceptable to Kafka Streams itself.
        assertThat(new StreamsConfig(p).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void commitsEvery50MsByDefault() {
        Properties p = StreamsRunner.properties(
                TopologyConfig.defaults().applicationId(), "127.0.0.1:9092", Path.of("state"), 1, -1, new Properties());
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("ticktape-streams");
    }
}
