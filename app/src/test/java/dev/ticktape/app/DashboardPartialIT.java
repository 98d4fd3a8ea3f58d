package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.topology.TopologyConfig;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * The dashboard of a process that has only some parts: {@code persist} alone (the DuckDB sink and the HTTP edge),
 * fed by a gateway and topology in another platform. The page must show what this process has (stored bars,
 * candles, rows stored) and hide what it has not (connections, trades in, options, decisions), in a real browser.
 */
@ExtendWith(SharedKafkaBroker.class)
@Timeout(240)
class DashboardPartialIT {
    private static final String VENUE = "partial";
    private static final String SYMBOL = "PART1";

    @Test
    void persistAloneShowsStoredBarsAndHidesWhatItLacks(@TempDir Path dir) throws Exception {
        String id = SharedKafkaBroker.uniqueName("partial");
        PlatformSpec pipeline = TestPlatforms.shared("test-streams", dir.resolve("streams"))
                .gateway(GatewayConfig.defaults().withPort(0))
                .streams(TopologyConfig.defaults().withApplicationId("streams-" + id), 1)
                .build();
        PlatformSpec persist = TestPlatforms.shared("test-persist", dir.resolve("persist"))
                .sink(new PlatformSpec.SinkSpec(
                        dir.resolve("persist").resolve("ticktape.duckdb"), "sink-" + id, 5000, Duration.ofMillis(200)))
                .http("127.0.0.1", 0)
                .build();
        AtomicBoolean feeding = new AtomicBoolean(true);
        try (Platform streams = Platform.start(pipeline);
                Platform store = Platform.start(persist)) {
            assertThat(streams.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            Thread feeder = new Thread(() -> feed(streams.gatewayPort(), feeding), "partial-feeder");
            feeder.start();
            WebDriver browser = HeadlessChromium.start("DashboardPartialIT");
            try {
                browser.get("http://127.0.0.1:" + store.httpPort() + "/");
                JavascriptExecutor js = (JavascriptExecutor) browser;
                await("health line says what runs here")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(
                                        browser.findElement(By.id("health")).getText())
                                .isEqualTo("running (no live feeds here), sinks writing"));
                await("stored bars reach the price table")
                        .atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(
                                        js.executeScript("return !!document.querySelector(`#prices tbody tr[data-key='"
                                                + VENUE + ":" + SYMBOL + "']`)"))
                                .isEqualTo(true));
                js.executeScript("return window.ticktape.select('" + VENUE + ":" + SYMBOL + "')");
                await("candles from the store")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(DashboardIT.candles(js)).isGreaterThan(1));
                await("rows stored, and no trades-in figure in a process without the topology")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> {
                            assertThat(DashboardIT.rate(js, "rows")).isPositive();
                            assertThat(js.executeScript("return 'trades' in window.ticktape.throughput()"))
                                    .isEqualTo(false);
                        });
                for (String absent :
                        new String[] {"connections-panel", "options-panel", "decisions-panel", "analytics-panel"}) {
                    assertThat(browser.findElement(By.id(absent)).isDisplayed())
                            .as(absent + " is hidden in persist alone")
                            .isFalse();
                }
                Path shot = Paths.get("target", "dashboard-persist-only.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                feeding.set(false);
                browser.quit();
                feeder.join(5_000);
            }
        }
    }

    /** Live trades (event time = now), 20 a second, until told to stop: a feed in another process. */
    private static void feed(int port, AtomicBoolean running) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            long seq = 0;
            while (running.get()) {
                String line = String.format(
                        Locale.ROOT,
                        "{\"type\":\"trade\",\"venue\":\"%s\",\"symbol\":\"%s\",\"ts_ms\":%d,\"price\":%.2f,"
                                + "\"qty\":1,\"trade_id\":\"%d\"}\n",
                        VENUE,
                        SYMBOL,
                        System.currentTimeMillis(),
                        100 + (seq % 20) / 10.0,
                        seq++);
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the pace of a live feed, not a wait
            }
        } catch (Exception e) {
            if (running.get()) throw new IllegalStateException("feeder failed", e);
        }
    }
}
