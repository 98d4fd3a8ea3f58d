package dev.ticktape.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code ticktape} command running as its own JVM from the packaged jar, so tests can really kill it. */
final class ChildProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "ticktape-app.jar");
    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, String... args) throws IOException {
        return start(name, List.of(), args);
    }

    /** As {@link #start(String, String...)}, with extra JVM flags before {@code -jar}. */
    static ChildProcess start(String name, List<String> jvmFlags, String... args) throws IOException {
        if (!Files.exists(JAR)) throw new IllegalStateException(JAR.toAbsolutePath() + " missing: run mvn verify");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        // Kept under target/ so a failed run can be read afterwards.
        Path dir = Path.of("target", "it-logs");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + "-" + System.currentTimeMillis() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // The child gets exactly the flags the test gives: no TICKTAPE_* defaults leaking in from the environment
        // (CI sets TICKTAPE_PG_URL, which would add a PostgreSQL sink and its retention schedule).
        pb.environment().keySet().removeIf(k -> k.startsWith("TICKTAPE_"));
        Process p = pb.start();
        // No child may outlive the test JVM: an orphan keeps reconnecting to its old broker port, loads the machine
        // and could attach to a later test's broker that reuses the port.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        return new ChildProcess(p, log);
    }

    /** SIGKILL: no shutdown hook, no final commit. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for a clean exit (a drain takes up to its 30 s timeout). */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
        if (process.isAlive()) throw new IllegalStateException("child process " + process.pid() + " did not exit");
    }

    /** Exit code after the process ended. */
    int exitValue() {
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
