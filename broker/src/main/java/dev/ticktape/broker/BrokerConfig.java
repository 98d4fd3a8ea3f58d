package dev.ticktape.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the in-process broker.
 *
 * @param logDir    where the broker keeps its log and metadata (kept across restarts)
 * @param host      address both listeners bind to and advertise
 * @param port      client listener port; 0 picks a free one
 * @param controllerPort KRaft controller listener port; 0 picks a free one
 * @param overrides broker properties applied last (anything from the Kafka broker configuration)
 */
public record BrokerConfig(Path logDir, String host, int port, int controllerPort, Map<String, String> overrides) {
    public BrokerConfig {
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535");
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static BrokerConfig ephemeral(Path logDir) {
        return new BrokerConfig(logDir, "127.0.0.1", 0, 0, Map.of());
    }
}
