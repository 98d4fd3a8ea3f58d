package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ticktape chaos --profile ci} from the packaged jar, as a user runs it: streams and persist killed with
 * -9, the broker bounced, a burst of malformed lines, a connection cut mid-line and, when {@code TICKTAPE_PG_URL}
 * names a server, a PostgreSQL outage at the proxy. It must pass: every store holds every accepted trade once.
 */
class ChaosIT {
    private static final Path JAR = Path.of("target", "ticktape-app.jar");

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void theCiProfileLosesNothingAndDoublesNothing() throws Exception {
        assertThat(JAR).as("packaged jar (mvn package)").exists();
        // A failed run keeps its directory (every process's log) here; a passing one deletes it.
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = logs.resolve("chaos-" + System.currentTimeMillis() + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                JAR.toString(),
                "chaos",
                "--profile",
                "ci",
                "--seed",
                "20240611",
                "--dir",
                logs.toString()));
        String pg = System.getenv("TICKTAPE_PG_URL");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only the PostgreSQL server passes through: the run's own flags decide everything else.
        pb.environment().keySet().removeIf(k -> k.startsWith("TICKTAPE_"));
        if (pg != null && !pg.isBlank()) pb.environment().put("TICKTAPE_PG_URL", pg);
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        long t0 = System.nanoTime();
        // CI runs near its time limit: this run gets 150 s, about 100 s on an idle 2-core machine.
        boolean ended = p.waitFor(150, TimeUnit.SECONDS);
        String out = read(log);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        System.out.printf("chaos --profile ci took %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, out);
        assertThat(ended).as("chaos finished in time; output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", out).isZero();
        assertThat(out)
                .containsPattern("streams-[12] kill -9")
                .contains("persist-duckdb kill -9")
                .contains("broker stopped with SIGTERM")
                .contains("malformed burst: 10000 bad lines")
                .contains("malformed-dead-lettered=10000/10000")
                .contains("cut-lines-dead-lettered=1/1")
                .containsPattern("duckdb +ALL-TRADES-STORED .* missing=0 duplicated=0 bars=(\\d+)/\\1 match");
        if (pg != null && !pg.isBlank()) {
            assertThat(out)
                    .contains("postgres outage:")
                    .containsPattern("postgres +ALL-TRADES-STORED .* missing=0 duplicated=0 bars=(\\d+)/\\1 match");
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
