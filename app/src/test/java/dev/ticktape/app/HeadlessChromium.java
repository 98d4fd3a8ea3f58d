package dev.ticktape.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through chromium-driver for the browser ITs. Without the browser or its driver the calling test
 * is skipped, loudly (stderr and the report), never passed ({@code apt-get install chromium chromium-driver}).
 */
final class HeadlessChromium {
    private HeadlessChromium() {}

    /** A started browser, or the test is aborted with the reason. */
    static WebDriver start(String test) {
        Path chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        Path driverBinary = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driverBinary == null) {
            skip(test + " needs Chromium and chromedriver (apt-get install chromium chromium-driver); found browser="
                    + chromium + " driver=" + driverBinary);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1400,1200");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            skip(test + " could not start headless Chromium: " + e.getMessage());
            throw e;
        }
    }

    private static void skip(String reason) {
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort("SKIPPED: " + reason);
    }

    private static Path firstExisting(String... paths) {
        for (String p : paths) {
            Path path = Paths.get(p);
            if (Files.isExecutable(path)) return path;
        }
        return null;
    }
}
