package dev.ticktape.app.decisions;

import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.model.GateSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code --gate-file} (checked every second, by modification time and size: file-system events are not
 * delivered on every file system) and publishes each change as gate settings with source {@code file}. A scope
 * that disappears from the file is cleared. A file that cannot be parsed keeps the last good settings and turns
 * the health check down with the reason; a missing file means no settings from it.
 */
final class GateFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GateFileWatcher.class);

    private final Path file;
    private final GatePublisher publisher;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ticktape-gate-file");
        t.setDaemon(true);
        return t;
    });
    private Set<String> published = new HashSet<>();
    private FileTime seenTime;
    private long seenSize = -1;
    private volatile String failure;

    GateFileWatcher(Path file, GatePublisher publisher, Clock clock) {
        this.file = file;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Reads the file now (so the gate is set before the first decision), then every second. */
    void start() {
        check();
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    synchronized void check() {
        try {
            FileTime time;
            long size;
            try {
                time = Files.getLastModifiedTime(file);
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                if (seenSize != -1 || !published.isEmpty()) {
                    LOG.info("gate file {} is gone: its settings are cleared", file);
                    publisher.clear(published);
                    published = new HashSet<>();
                }
                seenTime = null;
                seenSize = -1;
                failure = null;
                return;
            }
            if (time.equals(seenTime) && size == seenSize) return;
            List<GateSetting> settings = GateSettings.parse(Files.readAllBytes(file), "file", clock.millis());
            Set<String> scopes = new HashSet<>();
            for (GateSetting s : settings) scopes.add(s.scope());
            Set<String> gone = new HashSet<>(published);
            gone.removeAll(scopes);
            publisher.publish(settings);
            if (!gone.isEmpty()) publisher.clear(gone);
            published = scopes;
            seenTime = time;
            seenSize = size;
            failure = null;
            LOG.info("gate file {} applied: {}", file, describe(settings));
        } catch (IOException | RuntimeException e) {
            String f = "gate file " + file + ": " + e.getMessage();
            if (!f.equals(failure)) LOG.warn("{} (keeping the last good settings)", f);
            failure = f;
        }
    }

    private static String describe(List<GateSetting> settings) {
        StringBuilder sb = new StringBuilder();
        for (GateSetting s : settings) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(s.scope()).append(s.open() ? " open" : " closed");
        }
        return sb.toString();
    }

    HealthCheck.Component health() {
        String f = failure;
        return f == null ? HealthCheck.Component.up(file.toString()) : HealthCheck.Component.down(f);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
