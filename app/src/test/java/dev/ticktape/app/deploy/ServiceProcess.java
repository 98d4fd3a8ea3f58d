package dev.ticktape.app.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One compose service run as a local child JVM: its environment replaces the inherited TICKTAPE_* and venue
 * variables (nothing leaks in from the machine running the tests), its output goes to a log under target/.
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String name, List<String> commandLine, Map<String, String> env, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(log.toFile());
        clean(pb.environment()).putAll(env);
        Process p = pb.start();
        // No child outlives the test JVM, even when the test is cut short.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new ServiceProcess(name, p, log);
    }

    /** Runs a short command (e.g. the health check) to its end; its exit code, or -1 if it did not end in time. */
    static int run(List<String> commandLine, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(commandLine).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        clean(pb.environment()).putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static Map<String, String> clean(Map<String, String> env) {
        env.keySet()
                .removeIf(k -> k.startsWith("TICKTAPE_")
                        || k.startsWith("POLYGON_")
                        || k.startsWith("TASTYTRADE_")
                        || k.startsWith("IBKR_"));
        return env;
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** True once the service printed its ready banner ("ticktape streams ready in 3.2 s"). */
    boolean ready() throws IOException {
        return output().contains(" ready in ");
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL: the test checks commands and wiring, not the drain, which other tests cover. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
