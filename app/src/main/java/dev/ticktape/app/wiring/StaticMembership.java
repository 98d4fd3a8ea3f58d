package dev.ticktape.app.wiring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Kafka static group membership for processes that own local state (the DuckDB file, the Streams state dir).
 * A process killed and restarted with the same {@code group.instance.id} takes its partitions straight back;
 * without it the group waits for the dead member's session timeout (45 s by default) before anyone consumes.
 * The id is stable per host and state path, so two processes on one path fence each other instead of both writing.
 * A {@code group.instance.id} given in {@code --kafka-config} wins.
 */
final class StaticMembership {
    private StaticMembership() {}

    static Properties withInstanceId(Properties passThrough, String group, Path statePath) {
        Properties p = new Properties();
        p.putAll(passThrough);
        if (!p.containsKey("group.instance.id")) {
            String path = statePath.toAbsolutePath().normalize().toString();
            p.put("group.instance.id", String.format(Locale.ROOT, "%s-%s-%08x", group, host(), path.hashCode()));
        }
        return p;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
