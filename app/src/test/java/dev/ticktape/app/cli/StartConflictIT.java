package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A second process on the same data directory, or a port another process holds, ends the command before anything
 * starts with exactly one line and exit code 2. The conflicts are real: the test holds the file lock and the
 * sockets itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StartConflictIT {
    private record Result(int code, List<String> err) {}

    private static Result ticktape(String... args) {
        CommandLine cl = TicktapeCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Result(code, err.toString().lines().toList());
    }

    private static ServerSocket hold() throws Exception {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s;
    }

    @Test
    void aDataDirectoryHeldByAnotherProcessIsNamedWithItsPid(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (FileChannel ch = FileChannel.open(
                        data.resolve("ticktape.pid"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                FileLock lock = ch.tryLock()) {
            assertThat(lock).isNotNull();
            Files.writeString(data.resolve("ticktape.pid"), "4242\n", StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            Result r = ticktape(
                    "run", "--data-dir", data.toString(), "--kafka-port", "0", "--port", "0", "--http-port", "0");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .containsExactly(
                            "ticktape run: " + data
                                    + "/ is in use by another ticktape process (pid 4242); stop it or choose another --data-dir");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTakenBrokerPortNamesItsFlag(@TempDir Path dir) throws Exception {
        try (ServerSocket held = hold()) {
            Result r = ticktape(
                    "run",
                    "--data-dir",
                    dir.toString(),
                    "--kafka-port",
                    "" + held.getLocalPort(),
                    "--port",
                    "0",
                    "--http-port",
                    "0");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .containsExactly("ticktape run: port " + held.getLocalPort()
                            + " is in use (kafka broker); choose another with --kafka-port");
        }
    }

    @Test
    void aTakenGatewayPortNamesItsFlag(@TempDir Path dir) throws Exception {
        try (ServerSocket held = hold()) {
            Result r = ticktape(
                    "run",
                    "--data-dir",
                    dir.toString(),
                    "--kafka-port",
                    "0",
                    "--port",
                    "" + held.getLocalPort(),
                    "--http-port",
                    "0");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .containsExactly("ticktape run: port " + held.getLocalPort()
                            + " is in use (ndjson gateway); choose another with --port");
        }
    }

    @Test
    void aTakenHttpPortNamesItsFlag(@TempDir Path dir) throws Exception {
        try (ServerSocket held = hold()) {
            Result r = ticktape(
                    "streams",
                    "--data-dir",
                    dir.toString(),
                    "--bootstrap-servers",
                    "127.0.0.1:1",
                    "--http-port",
                    "" + held.getLocalPort());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .containsExactly("ticktape streams: port " + held.getLocalPort()
                            + " is in use (http); choose another with --http-port");
        }
    }
}
