package dev.ticktape.app.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code ticktape} service as a child JVM, started with this process's java binary and classpath, so it can
 * be killed for real. Every start appends to the same log file, so a restart's log follows the killed run's.
 */
final class ChildJvm {
    static final String MAIN_CLASS = "dev.ticktape.app.Main";
    /**
     * Six of these share the machine with the load and the verifier: small heaps, and the client compiler only,
     * which halves a cold start's CPU (a restart is on the clock while the load runs) and is plenty for a few
     * thousand trades a second.
     */
    private static final List<String> JVM_OPTS = List.of(
            "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxDirectMemorySize=256m");

    private final String name;
    private final List<String> args;
    private final Path log;
    private final Path workDir;
    private final Map<String, String> extraEnv;
    private Process process;
    private long logOffset;

    ChildJvm(String name, List<String> args, Path workDir, Map<String, String> extraEnv) {
        this.name = name;
        this.args = List.copyOf(args);
        this.workDir = workDir;
        this.log = workDir.resolve("logs").resolve(name + ".log");
        this.extraEnv = Map.copyOf(extraEnv);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process; its output goes to the end of {@link #log()}. */
    synchronized void start() throws IOException {
        if (alive()) throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(JVM_OPTS);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(MAIN_CLASS);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // A child takes exactly the flags given here: a TICKTAPE_PG_URL in the environment would otherwise add a
        // PostgreSQL sink to the DuckDB persist, and other TICKTAPE_* defaults would move ports or groups.
        pb.environment().keySet().removeIf(k -> k.startsWith("TICKTAPE_") && !k.equals("TICKTAPE_LOG_LEVEL"));
        pb.environment().putAll(extraEnv);
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        Files.writeString(
                log,
                "---- chaos: starting " + name + ": " + String.join(" ", args) + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = pb.start();
    }

    /** Waits until this start printed its ready banner; fails when the process exits first or the time passes. */
    void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logSinceStart().contains(" ready in ")) {
            if (!alive()) {
                throw new IOException(name + " exited before it was ready; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** SIGKILL: no shutdown hook, no drain, no final commit. */
    void kill() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM without waiting, so several processes drain at once. */
    synchronized void signalTerm() {
        if (process != null && process.isAlive()) process.destroy();
    }

    /** SIGTERM and wait for the drain to finish; SIGKILL when it does not within {@code timeout}. */
    boolean terminate(Duration timeout) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) return true;
        p.destroy();
        if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return true;
        kill();
        return false;
    }

    private String logSinceStart() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len <= logOffset) return "";
            byte[] b = new byte[(int) Math.min(len - logOffset, 1 << 20)];
            f.seek(logOffset);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** This process's classpath with absolute entries: the child runs in the run's directory. */
    private static String classPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static String javaBinary() {
        // The same java as this process: the launcher's, or the one running the tests.
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
