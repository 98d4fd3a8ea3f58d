package dev.ticktape.app.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the Kafka cluster is and the user's client settings. Settings from {@code --kafka-config} are passed to
 * every client untouched and applied after ticktape's defaults, so they win (security, timeouts, tuning).
 */
public record KafkaSettings(String bootstrapServers, Properties passThrough) {
    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank())
            throw new IllegalArgumentException("bootstrap servers");
        passThrough = copy(passThrough);
    }

    public static Properties load(Path file) {
        Properties p = new Properties();
        if (file == null) return p;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka config " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** ticktape's defaults for a client, then bootstrap servers, then the user's pass-through settings. */
    public Properties client(Map<String, Object> defaults) {
        Properties p = new Properties();
        p.putAll(defaults);
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(passThrough);
        return p;
    }

    public Properties passThroughCopy() {
        return copy(passThrough);
    }

    private static Properties copy(Properties src) {
        Properties p = new Properties();
        if (src != null) p.putAll(src);
        return p;
    }
}
