package dev.ticktape.app.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one rule by which a compose service's {@code environment} becomes a local process's (docs/deploy.md states
 * it too). Only what differs between a container and this machine changes; every other variable, and the whole
 * {@code command}, stays exactly as written in the compose file:
 *
 * <ul>
 *   <li>{@code TICKTAPE_BOOTSTRAP_SERVERS}: the in-process broker instead of {@code kafka:19092};
 *   <li>{@code TICKTAPE_PG_URL}: a fresh database on the test PostgreSQL instead of {@code postgres:5432};
 *   <li>any value under {@code /run/secrets/} (a {@code NAME_FILE} secret): the file of the same name in a local
 *       secrets directory instead of the Docker secret;
 *   <li>{@code TICKTAPE_HOST}, {@code TICKTAPE_HTTP_HOST}: 127.0.0.1 instead of 0.0.0.0 (listeners here stay on
 *       loopback);
 *   <li>{@code TICKTAPE_PORT}, {@code TICKTAPE_HTTP_PORT}: a free local port each (the services share one host);
 *   <li>any value under {@code /var/lib/ticktape} ({@code TICKTAPE_DATA_DIR}, {@code TICKTAPE_DUCKDB}): the same
 *       path under the service's own temporary directory.
 * </ul>
 */
record LocalSubstitution(String bootstrapServers, String pgUrl, Path secrets, Path root) {
    static final String CONTAINER_DATA = "/var/lib/ticktape";
    static final String CONTAINER_SECRETS = "/run/secrets/";
    private static final Set<String> BIND_HOSTS = Set.of("TICKTAPE_HOST", "TICKTAPE_HTTP_HOST");
    private static final Set<String> PORTS = Set.of("TICKTAPE_PORT", "TICKTAPE_HTTP_PORT");

    /** The service's environment with the rule applied. */
    Map<String, String> apply(ComposeFile.Service service) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : service.environment().entrySet()) {
            out.put(e.getKey(), local(service.name(), e.getKey(), e.getValue()));
        }
        return out;
    }

    private String local(String service, String key, String value) throws IOException {
        if (key.equals("TICKTAPE_BOOTSTRAP_SERVERS")) return bootstrapServers;
        if (key.equals("TICKTAPE_PG_URL")) return pgUrl;
        if (value.startsWith(CONTAINER_SECRETS)) {
            return secrets.resolve(value.substring(CONTAINER_SECRETS.length())).toString();
        }
        if (BIND_HOSTS.contains(key)) return "127.0.0.1";
        if (PORTS.contains(key)) return Integer.toString(freePort());
        if (value.equals(CONTAINER_DATA) || value.startsWith(CONTAINER_DATA + "/")) {
            return root.resolve(service).toString() + value;
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
