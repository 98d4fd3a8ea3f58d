package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.PolygonKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard at {@code /} in a real browser (headless Chromium through chromium-driver) against a platform with
 * the demo Binance and Polygon adapters: the health line reads connected, the price table lists and updates the
 * live instruments, the candle chart holds candles (read from the chart's series, not the canvas), switching
 * instrument redraws it, and a feed stopped over HTTP shows as disconnected. Skipped, loudly, when Chromium or its
 * driver is not installed ({@code apt-get install chromium chromium-driver}; CI installs them).
 */
@ExtendWith(SharedKafkaBroker.class)
@Timeout(300)
class DashboardIT {
    private static final Path SCREENSHOT = Paths.get("target", "dashboard.png");

    @Test
    void showsHealthPricesCandlesAndAStoppedFeed(@TempDir Path dir) throws Exception {
        PlatformSpec spec = TestPlatforms.all(dir).toBuilder()
                .control(new PlatformSpec.ControlSpec(
                        List.of(new BinanceKind(true, 7), new PolygonKind(true, 42, reason -> {})),
                        Map.of("binance", List.of("btcusdt", "ethusdt"), "polygon", List.of("aapl", "msft")),
                        true,
                        Duration.ofSeconds(30),
                        Map.of(),
                        null))
                .build();
        try (Platform p = Platform.start(spec)) {
            assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
            String base = "http://127.0.0.1:" + p.httpPort();
            assertFilesServed(base, p);
            WebDriver browser = HeadlessChromium.start("DashboardIT");
            try {
                browser.get(base + "/");
                JavascriptExecutor js = (JavascriptExecutor) browser;

                await("health line reads connected")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(
                                        browser.findElement(By.id("health")).getText())
                                .contains("all feeds connected"));

                await("price table lists BTCUSDT and AAPL")
                        .atMost(Duration.ofSeconds(60))
                        .untilAsserted(() ->
                                assertThat(priceRow(browser, "binance:BTCUSDT")).isNotNull());
                await("price table lists AAPL")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() ->
                                assertThat(priceRow(browser, "polygon:AAPL")).isNotNull());
                String firstBar = priceRow(browser, "binance:BTCUSDT");
                await("the throughput panel shows trades in and bars out")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> {
                            assertThat(browser.findElement(By.id("throughput-panel"))
                                            .isDisplayed())
                                    .isTrue();
                            assertThat(rate(js, "trades")).isPositive();
                            assertThat(rate(js, "bars")).isPositive();
                        });
                await("BTCUSDT's row updates")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() ->
                                assertThat(priceRow(browser, "binance:BTCUSDT")).isNotEqualTo(firstBar));

                js.executeScript("return window.ticktape.select('binance:BTCUSDT')");
                await("candles drawn for BTCUSDT")
                        .atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(candles(js)).isGreaterThan(1));
                long before = candles(js);
                await("live bars add candles")
                        .atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(candles(js)).isGreaterThan(before));
                // An old bar (before every candle) must not break the chart; it is drawn in its place.
                Object added = js.executeScript("const c = window.ticktape.candleCount();"
                        + " window.ticktape.pushBar({venue:'binance', symbol:'BTCUSDT', ts_ms: 1000,"
                        + " open:1, high:1, low:1, close:1, volume:1, revision:0}); return c;");
                await("an out-of-order bar is drawn, not refused")
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(candles(js)).isGreaterThan((Long) added));

                // A revised bar (same time, higher revision) replaces its candle instead of adding one.
                Object revisedAt = js.executeScript("const last = window.ticktape.lastCandle();"
                        + " window.ticktape.pushBar({venue:'binance', symbol:'BTCUSDT', ts_ms: last.time * 1000,"
                        + " open:last.open, high:last.high + 1000, low:last.low, close:last.high + 1000,"
                        + " volume:1, revision:99}); window.revisedHigh = last.high + 1000; return last.time;");
                await("a revised bar replaces its candle")
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(js.executeScript(
                                        "const d = window.ticktape.candles(); return d.filter(c => c.time === arguments[0]"
                                                + " && c.high === window.revisedHigh).length;",
                                        revisedAt))
                                .isEqualTo(1L));

                browser.findElement(By.id("interval-1m")).click();
                await("the 1m toggle switches the chart")
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> {
                            assertThat(js.executeScript("return window.ticktape.interval()"))
                                    .isEqualTo("1m");
                            assertThat(browser.findElement(By.id("chart-note")).getText())
                                    .endsWith("1m");
                        });
                browser.findElement(By.id("interval-1s")).click();

                new Select(browser.findElement(By.id("instrument"))).select("polygon:AAPL");
                await("switching instrument redraws the chart")
                        .atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> {
                            assertThat(js.executeScript("return window.ticktape.selected()"))
                                    .isEqualTo("polygon:AAPL");
                            assertThat(candles(js)).isGreaterThan(0);
                            assertThat(js.executeScript("return window.ticktape.lastCandle().open"))
                                    .isNotEqualTo(1L);
                        });
                Files.createDirectories(SCREENSHOT.getParent());
                Files.write(SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

                HttpResponse<String> stop = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(base + "/v1/streaming/stop"))
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"adapter\":\"binance\"}"))
                                        .header("Content-Type", "application/json")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
                await("a stopped feed shows disconnected")
                        .atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(
                                        browser.findElement(By.id("health")).getText())
                                .doesNotContain("all feeds connected")
                                .containsPattern("binance .*(disconnected|stopped)|binance.*down"));
                Files.write(
                        SCREENSHOT.resolveSibling("dashboard-binance-stopped.png"),
                        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } finally {
                browser.quit();
            }
        }
    }

    /** The page and its files, with their types; nothing else under the prefix; not among the API's GET routes. */
    private static void assertFilesServed(String base, Platform p) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> types = Map.of(
                "/", "text/html",
                "/dashboard/app.js", "text/javascript",
                "/dashboard/style.css", "text/css",
                "/dashboard/vendor/lightweight-charts.standalone.production.js", "text/javascript");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + e.getKey())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .as(e.getKey())
                    .hasValueSatisfying(t -> assertThat(t).startsWith(e.getValue()));
        }
        HttpResponse<String> index =
                http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(index.body()).as("no script or style from another host").doesNotContainPattern("src=\"https?:");
        for (String missing : List.of("/dashboard/nope.js", "/dashboard/%2e%2e/ticktape.pid", "/dashboard/SOURCES")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + missing)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(missing).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type"))
                    .as(missing)
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        }
        assertThat(p.httpGetPaths()).doesNotContain("/", "/dashboard/<file>");
    }

    /** One throughput figure the page shows (0 while it has only one scrape). */
    static double rate(JavascriptExecutor js, String id) {
        Object v = js.executeScript("const t = window.ticktape.throughput(); return t ? t[arguments[0]] : null;", id);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    static long candles(JavascriptExecutor js) {
        return ((Number) js.executeScript("return window.ticktape.candleCount()")).longValue();
    }

    /** The last bar time shown in an instrument's price row, or null without one (rows are redrawn: read by JS). */
    private static String priceRow(WebDriver browser, String key) {
        Object v = ((JavascriptExecutor) browser)
                .executeScript(
                        "const r = document.querySelector(`#prices tbody tr[data-key='${arguments[0]}']`);"
                                + " return r ? r.dataset.lastBarMs : null;",
                        key);
        return v == null ? null : v.toString();
    }

    /** Picks an option of a select element by value, as a user would. */
    private record Select(WebElement element) {
        void select(String value) {
            element.findElement(By.cssSelector("option[value='" + value + "']")).click();
        }
    }
}
