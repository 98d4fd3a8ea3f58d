package dev.ticktape.app.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ticktape.model.GateSetting;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionSinksTest {
    private static List<byte[]> lines(String... s) {
        List<byte[]> out = new ArrayList<>();
        for (String x : s) out.add(x.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void sinkSpecsParseOrSayWhatIsWrong() {
        assertThat(DecisionSinkSpec.parse("file:data/decisions.ndjson"))
                .isEqualTo(new DecisionSinkSpec.File(Path.of("data/decisions.ndjson")));
        assertThat(DecisionSinkSpec.parse("file:///tmp/d.ndjson"))
                .isEqualTo(new DecisionSinkSpec.File(Path.of("/tmp/d.ndjson")));
        assertThat(DecisionSinkSpec.parse("tcp://127.0.0.1:9200"))
                .isEqualTo(new DecisionSinkSpec.Tcp("127.0.0.1", 9200));
        assertThatThrownBy(() -> DecisionSinkSpec.parse("tcp://127.0.0.1"))
                .hasMessageContaining("tcp://127.0.0.1:9200");
        assertThatThrownBy(() -> DecisionSinkSpec.parse("kafka:x")).hasMessageContaining("file:");
        assertThatThrownBy(() -> DecisionSinkSpec.parse("file:")).hasMessageContaining("names no file");
    }

    @Test
    void gateSettingsReadBothForms() {
        List<GateSetting> s = GateSettings.parse(
                "{\"open\":false,\"reason\":\"risk off\",\"scopes\":{\"Binance\":{\"open\":true},\"polygon:aapl\":{\"open\":false}}}"
                        .getBytes(StandardCharsets.UTF_8),
                "file",
                7);
        assertThat(s)
                .containsExactly(
                        new GateSetting("*", false, "file", "risk off", 7),
                        new GateSetting("binance", true, "file", "", 7),
                        new GateSetting("polygon:AAPL", false, "file", "", 7));
        assertThatThrownBy(() -> GateSettings.parse("{}".getBytes(StandardCharsets.UTF_8), "api", 0))
                .hasMessageContaining("'open'");
        assertThatThrownBy(() -> GateSettings.parse("{\"open\":\"no\"}".getBytes(StandardCharsets.UTF_8), "api", 0))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> GateSettings.parse("nope".getBytes(StandardCharsets.UTF_8), "api", 0))
                .hasMessageContaining("not JSON");
    }

    @Test
    void fileSinkAppendsAndReportsAFailureInsteadOfStoppingSilently(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out/decisions.ndjson");
        FileLineSink sink = new FileLineSink(file);
        sink.write(lines("{\"a\":1}", "{\"a\":2}"));
        sink.write(lines("{\"a\":3}"));
        assertThat(Files.readAllLines(file)).containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
        assertThat(sink.health().up()).isTrue();
        sink.close();

        // A directory where the file should be: every write fails, and health says so.
        Path blocked = dir.resolve("blocked.ndjson");
        Files.createDirectories(blocked);
        FileLineSink bad = new FileLineSink(blocked);
        assertThatThrownBy(() -> bad.write(lines("{}"))).isInstanceOf(IOException.class);
        assertThat(bad.health().up()).isFalse();
        assertThat(bad.health().detail()).contains("cannot write", "blocked.ndjson");
    }

    @Test
    void tcpSinkStreamsToSubscribersAndDropsOneThatStopsReading() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TcpLineSink sink = new TcpLineSink("127.0.0.1", 0, registry);
        try (Socket reader = new Socket("127.0.0.1", sink.port());
                Socket stalled = new Socket("127.0.0.1", sink.port())) {
            stalled.setReceiveBufferSize(1024);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sink.health().detail().contains("2 subscribers"));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8));
            sink.write(lines("{\"n\":1}"));
            assertThat(in.readLine()).isEqualTo("{\"n\":1}");

            // The stalled one reads nothing: once it is a queue behind, it is dropped; writing never blocks.
            byte[] big = ("{\"pad\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
            List<byte[]> burst = new ArrayList<>();
            for (int i = 0; i < 2 * TcpLineSink.QUEUE_LINES; i++) burst.add(big);
            Thread drain = new Thread(() -> {
                try {
                    while (in.readLine() != null) {
                        // the live reader keeps up
                    }
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            drain.setDaemon(true);
            drain.start();
            long t0 = System.nanoTime();
            sink.write(burst);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.counter("ticktape.decision.subscribers.dropped")
                                    .count()
                            >= 1);
        } finally {
            sink.close();
        }
    }
}
