package dev.ticktape.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One process per data directory: an OS file lock on {@code <data-dir>/ticktape.pid}, which holds the owner's PID.
 * Taken before anything else starts, so a second process stops with one line instead of failing deep inside the
 * broker or RocksDB. The lock dies with the process (kill -9 included); a PID file left behind is simply reused.
 */
final class DataDirLock {
    static final String FILE = "ticktape.pid";

    /** Held for the life of the JVM: closing the channel would release the lock. */
    @SuppressWarnings("unused")
    private static FileChannel held;

    private DataDirLock() {}

    /** Thrown when another process holds the directory; {@code pid} is what its PID file says, if readable. */
    static final class HeldException extends Exception {
        final Path dir;
        final Optional<String> pid;

        HeldException(Path dir, Optional<String> pid) {
            super(message(dir, pid));
            this.dir = dir;
            this.pid = pid;
        }

        private static String message(Path dir, Optional<String> pid) {
            return dir + "/ is in use by another ticktape process"
                    + pid.map(p -> " (pid " + p + ")").orElse("") + "; stop it or choose another --data-dir";
        }
    }

    /** Takes the lock of {@code dataDir} (creating it) and writes this PID, or says who holds it. */
    static synchronized void acquire(Path dataDir) throws HeldException {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve(FILE);
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already holds it (a second command in-process)
            }
            if (lock == null) {
                Optional<String> pid = readPid(ch);
                ch.close();
                throw new HeldException(dataDir, pid);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            held = ch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> readPid(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("\\d+") ? Optional.of(s) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
