package dev.ticktape.app.decisions;

import dev.ticktape.app.health.HealthCheck;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends decision lines to one NDJSON file, forced to disk before the feed commits their offsets. A write that
 * fails turns the health check down with the reason until a write succeeds again; nothing stops silently.
 */
final class FileLineSink implements LineSink {
    private static final byte[] NEWLINE = {'\n'};

    private final Path path;
    private FileChannel channel;
    private volatile String failure;

    FileLineSink(Path path) {
        this.path = path;
    }

    @Override
    public void write(List<byte[]> lines) throws IOException {
        try {
            if (channel == null) {
                Path dir = path.toAbsolutePath().getParent();
                if (dir != null) Files.createDirectories(dir);
                channel = FileChannel.open(
                        path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            ByteBuffer[] buffers = new ByteBuffer[lines.size() * 2];
            for (int i = 0; i < lines.size(); i++) {
                buffers[2 * i] = ByteBuffer.wrap(lines.get(i));
                buffers[2 * i + 1] = ByteBuffer.wrap(NEWLINE);
            }
            long remaining = 0;
            for (ByteBuffer b : buffers) remaining += b.remaining();
            while (remaining > 0) remaining -= channel.write(buffers);
            channel.force(false);
            failure = null;
        } catch (IOException e) {
            failure = "cannot write " + path + ": " + e.getMessage();
            closeChannel();
            throw e;
        }
    }

    @Override
    public HealthCheck.Component health() {
        String f = failure;
        return f == null ? HealthCheck.Component.up(path.toString()) : HealthCheck.Component.down(f);
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to write; the next write reopens
        }
        channel = null;
    }
}
