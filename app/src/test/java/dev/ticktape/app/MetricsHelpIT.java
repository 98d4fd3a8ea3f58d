package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.ibkr.GatewayTls;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.DemoChain;
import dev.ticktape.app.streaming.IbkrKind;
import dev.ticktape.app.streaming.PolygonKind;
import dev.ticktape.app.streaming.TastytradeKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every ticktape metric a full platform exposes carries a help text, so {@code # HELP} lines are never empty. */
@ExtendWith(SharedKafkaBroker.class)
class MetricsHelpIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyTicktapeMetricHasHelpText(@TempDir Path dir) throws Exception {
        PlatformSpec spec = TestPlatforms.all(dir).toBuilder()
                .control(new PlatformSpec.ControlSpec(
                        List.of(
                                new BinanceKind(true, 42),
                                new PolygonKind(true, 42, reason -> {}),
                                new TastytradeKind(true, DemoChain.spy(20)),
                                new IbkrKind(
                                        true,
                                        "https://localhost:5000/v1/api",
                                        List.of(),
                                        GatewayTls.jdkDefault(),
                                        DemoChain.spy(20))),
                        Map.of(
                                "binance",
                                List.of("btcusdt"),
                                "polygon",
                                List.of("AAPL"),
                                "tastytrade",
                                List.of(),
                                "ibkr",
                                List.of()),
                        true,
                        Duration.ofSeconds(30),
                        Map.of(),
                        null))
                .build();
        try (Platform p = Platform.start(spec)) {
            // Per-connection counters exist only once a line was accepted or rejected: send one of each.
            try (Socket s = new Socket("127.0.0.1", p.gatewayPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("{\"type\":\"trade\",\"symbol\":\"HELP\",\"ts_ms\":" + System.currentTimeMillis()
                                + ",\"price\":1.0,\"qty\":1}\nnot json\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            String base = "http://127.0.0.1:" + p.httpPort() + "/metrics";
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        String m = scrape(base);
                        return m.contains("ticktape_gateway_lines_rejected_total")
                                && m.contains("ticktape_gateway_lines_accepted_total")
                                && m.contains("ticktape_adapter_messages_total{")
                                && m.contains("ticktape_sink_rows_written_total");
                    });
            List<String> help = scrape(base)
                    .lines()
                    .filter(l -> l.startsWith("# HELP ticktape_"))
                    .toList();
            assertThat(help).hasSizeGreaterThan(20);
            // "# HELP name text": a line with no text after the name is what operators saw as empty help.
            assertThat(help)
                    .as("HELP lines without text")
                    .filteredOn(l -> l.split(" ", 4).length < 4 || l.split(" ", 4)[3].isBlank())
                    .isEmpty();
        }
    }

    private String scrape(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
